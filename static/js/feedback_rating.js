// Receipt rating page (B2): when the overall rating is 1–2 or the integrity box is ticked,
// point the counterparty to the comment and callback fields (a supervisor will follow up).
(function () {
  "use strict";
  var form = document.querySelector("form.receipt-rating");
  if (!form) { return; }
  var comment = form.querySelector("[name=comment]");
  var flag = form.querySelector("[name=integrity_flag]");
  var hint = document.createElement("div");
  hint.className = "form-text text-danger d-none";
  hint.textContent = form.getAttribute("data-low-hint") || "";
  if (comment) { comment.parentNode.appendChild(hint); }
  function update() {
    var checked = form.querySelector("[name=overall]:checked");
    var low = (checked && parseInt(checked.value, 10) <= 2) || (flag && flag.checked);
    hint.classList.toggle("d-none", !low || !hint.textContent);
    if (comment) { comment.required = !!low; }
  }
  form.addEventListener("change", update);
  update();
})();
