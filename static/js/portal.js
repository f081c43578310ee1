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

// The 长辈版 switch (components/elder_switch.html) is a form the server answers by showing the page again: what
// was typed into the page's forms would be lost. It is kept in this tab's sessionStorage on the way and put back
// once the same page is shown again (then forgotten). Not files, passwords or hidden fields (the CSRF and
// submission tokens stay the new page's). A chained select (data-place-level, static/js/hazard_reports.js) whose
// options come later gets its choice back when they come.
(() => {
  const KEY = "firesvc-elder-carry";
  const TYPES = ["text", "search", "email", "tel", "number", "url", "date", "time", "datetime-local", "month",
    "week", "radio", "checkbox"];
  const here = () => window.location.pathname + window.location.search;
  const forms = () => Array.from(document.forms).filter((form) => !form.matches("[data-elder-switch]"));
  const kept = (field) => field.name && !field.disabled && (field.tagName === "TEXTAREA" || field.tagName === "SELECT"
    || (field.tagName === "INPUT" && TYPES.includes(field.type)));
  const each = (visit) => forms().forEach((form, f) => Array.from(form.elements).forEach((field, i) => {
    if (kept(field)) visit(field, `${form.id || f}:${i}`);
  }));

  document.addEventListener("submit", (event) => {
    if (!event.target.matches("[data-elder-switch]")) return;
    const fields = {};
    each((field, key) => {
      if (field.type === "radio" || field.type === "checkbox") {
        if (field.checked !== field.defaultChecked) fields[key] = { name: field.name, checked: field.checked };
      } else if (field.tagName === "SELECT") {
        const chosen = Array.from(field.options).filter((option) => option.selected).map((option) => option.value);
        if (Array.from(field.options).some((option) => option.selected !== option.defaultSelected)) {
          fields[key] = { name: field.name, values: chosen };
        }
      } else if (field.value !== field.defaultValue) {
        fields[key] = { name: field.name, value: field.value };
      }
    });
    try {
      if (Object.keys(fields).length) sessionStorage.setItem(KEY, JSON.stringify({ page: here(), fields }));
    } catch (e) { /* storage full or refused: the switch still works */ }
  });

  const choose = (select, values) => {
    if (!values.every((value) => Array.from(select.options).some((option) => option.value === value))) return false;
    Array.from(select.options).forEach((option) => { option.selected = values.includes(option.value); });
    return true;
  };
  const restore = () => {
    let carried = null;
    try {
      carried = JSON.parse(sessionStorage.getItem(KEY) || "null");
      sessionStorage.removeItem(KEY);
    } catch (e) { return; }
    if (!carried || carried.page !== here()) return;
    each((field, key) => {
      const saved = carried.fields[key];
      if (!saved || saved.name !== field.name) return;
      if ("checked" in saved) {
        field.checked = saved.checked;
      } else if ("values" in saved) {
        const changed = () => field.dispatchEvent(new Event("change", { bubbles: true }));
        if (choose(field, saved.values)) {
          changed();
          return;
        }
        // Its options come later (the choice above it was just given back): wait a while for them.
        const watch = new MutationObserver(() => {
          if (choose(field, saved.values)) {
            watch.disconnect();
            changed();
          }
        });
        watch.observe(field, { childList: true });
        setTimeout(() => watch.disconnect(), 10000);
      } else {
        field.value = saved.value;
      }
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);  // after the page's own scripts set up their fields
  } else {
    restore();
  }
})();
