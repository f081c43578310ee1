// Small behaviours without inline script (CSP-friendly).
document.addEventListener("change", (event) => {
  const el = event.target;
  if (el.matches("select[data-autosubmit]")) {
    el.form.submit();
  }
});

// A field that does not apply to a choice made elsewhere in its form: <input data-hidden-when="NAME=VALUE">
// is hidden with its label and help, and disabled (not sent), while the radio or select NAME has VALUE.
// Without script the field stays shown; the server ignores it for that choice.
(() => {
  const chosen = (form, name) => {
    const radio = form.querySelector(`input[name="${name}"]:checked`);
    if (radio) return radio.value;
    const select = form.querySelector(`select[name="${name}"]`);
    return select ? select.value : null;
  };
  const apply = (form) => {
    form.querySelectorAll("[data-hidden-when]").forEach((field) => {
      const [name, value] = field.getAttribute("data-hidden-when").split("=");
      const hide = chosen(form, name) === value;
      const wrapper = field.closest("[id^='div_id_']") || field.parentElement;
      wrapper.hidden = hide;
      field.disabled = hide;
    });
  };
  document.querySelectorAll("form").forEach((form) => {
    if (form.querySelector("[data-hidden-when]")) apply(form);
  });
  document.addEventListener("change", (event) => {
    const form = event.target.form;
    if (form && form.querySelector("[data-hidden-when]")) apply(form);
  });
})();

// Buttons that print the page: <button data-action="print">.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-action='print']");
  if (button) {
    event.preventDefault();
    window.print();
  }
});

// The slot picker (approvals/appointments/_slot_picker.html): every day is an open <details>, a grid on a wide
// screen. On a phone one day is open at a time: the chosen time's, else the first with a free time; opening
// another day folds the rest. Without script every day stays open.
(() => {
  const phone = window.matchMedia("(max-width: 767.98px)");
  const days = () => Array.from(document.querySelectorAll("details[data-slot-day]"));
  const arrange = () => {
    const all = days();
    // a wide screen's day headings fold nothing: out of the tab order there
    all.forEach((day) => { day.querySelector("summary").tabIndex = phone.matches ? 0 : -1; });
    if (!phone.matches) {
      all.forEach((day) => { day.open = true; });
      return;
    }
    const shown = all.find((day) => day.querySelector("input[name=slot]:checked"))
      || all.find((day) => day.querySelector("input[name=slot]:not([disabled])")) || all[0];
    all.forEach((day) => { day.open = day === shown; });
  };
  arrange();
  phone.addEventListener("change", arrange);
  document.addEventListener("toggle", (event) => {  // toggle does not bubble: listened to while captured
    const opened = event.target;
    if (!(opened instanceof HTMLDetailsElement) || !opened.matches("[data-slot-day]")) return;
    if (!phone.matches) {
      if (!opened.open) opened.open = true;
      return;
    }
    if (opened.open) days().forEach((day) => { if (day !== opened) day.open = false; });
  }, true);
})();
