// Return-visit attempt form (B3): the questions, satisfaction and problem fields only matter
// when the counterparty was reached; hide them otherwise.
(function () {
  "use strict";
  var form = document.querySelector("form.visit-attempt");
  if (!form) { return; }
  var names = ["questions_answers", "satisfaction", "problem"];
  function update() {
    var reached = form.querySelector("[name=reached]:checked");
    var show = !reached || reached.value === "yes";
    names.forEach(function (name) {
      var field = form.querySelector("[name=" + name + "]");
      var wrapper = field && field.closest(".mb-3");
      if (wrapper) { wrapper.classList.toggle("d-none", !show); }
    });
  }
  form.addEventListener("change", update);
  update();
})();
