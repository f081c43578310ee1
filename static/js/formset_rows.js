/* "Add a row" to a Django formset in the page (the forum's attendees). Without script the button
   <button name="add_row" data-add-row="PREFIX"> asks the server for the form again with one more row; with it,
   the button copies the formset's empty row from <template id="PREFIX-row"> into #PREFIX-rows, counts it in the
   management form, announces it ("rows:added", for the pickers in it) and puts the cursor in it. */
(function () {
  "use strict";

  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var prefix = button.getAttribute("data-add-row");
    var template = document.getElementById(prefix + "-row");
    var rows = document.getElementById(prefix + "-rows");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var most = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
    if (!template || !rows || !total) {
      return;
    }
    // No longer a submit button: a click adds the row here, without sending the form. (Enter in a field saves
    // either way: the form's hidden default button comes first.)
    button.type = "button";
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10);
      if (most && index >= parseInt(most.value, 10)) {
        return;
      }
      var holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, String(index))
        .replace(/__number__/g, String(index + 1));
      var row = holder.firstElementChild;
      rows.appendChild(row);
      total.value = String(index + 1);
      row.dispatchEvent(new CustomEvent("rows:added", {bubbles: true}));
      var first = row.querySelector("input:not([type=hidden]), select, textarea");
      var control = first && first.tomselect ? first.tomselect.control_input : first;
      if (control) {
        control.focus();
      }
    });
  });
})();
