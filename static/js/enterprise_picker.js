/* Enterprise pickers (issue 22): a <select data-enterprise-picker="URL"> that holds only the chosen enterprise
   becomes a Tom Select box that asks the server for enterprises by partial name or credit code as you type.
   The server ranks exact matches first; the box keeps its order. */
(function () {
  "use strict";

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c];
    });
  }

  function picker(select) {
    var url = select.getAttribute("data-enterprise-picker");
    var positions = {};
    var composing = false;  // a Chinese input method is still composing (pinyin letters, not yet the characters)
    var settings = {
      valueField: "id",
      labelField: "text",
      searchField: [],
      maxOptions: 50,
      loadThrottle: 250,
      placeholder: select.getAttribute("data-placeholder") || "",
      allowEmptyOption: false,
      closeAfterSelect: true,
      // The clear button's tooltip in the page's language (Tom Select's own is "Clear All").
      plugins: select.required ? [] : {clear_button: {title: select.getAttribute("data-clear") || ""}},
      shouldLoad: function (query) { return !composing && query.trim().length > 0; },
      // The server's order: its position in the last answer, the chosen option (if not in it) hidden.
      score: function () {
        return function (item) {
          var at = positions[item.id];
          return at === undefined ? 0 : 1000 - at;
        };
      },
      sortField: [{field: "$score", direction: "desc"}],
      load: function (query, callback) {
        var self = this;
        var address = url + (url.indexOf("?") === -1 ? "?" : "&") + "q=" + encodeURIComponent(query);
        fetch(address, {credentials: "same-origin", headers: {"Accept": "application/json"}})
          .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
          .then(function (data) {
            self.clearOptions();
            positions = {};
            data.results.forEach(function (item, index) { positions[item.id] = index; });
            callback(data.results);
          })
          .catch(function () { callback(); });
      },
      render: {
        option: function (item, escape) {
          if (!item.name) { return "<div>" + escape(item.text) + "</div>"; }
          return "<div>" + escape(item.name) + " <small class=\"text-body-secondary\">" + escape(item.uscc) +
            "</small></div>";
        },
        item: function (item, escape) { return "<div>" + escape(item.text) + "</div>"; },
        no_results: function () {
          return "<div class=\"no-results\">" + escapeHtml(select.getAttribute("data-no-results") || "") + "</div>";
        },
        loading: function () {
          return "<div class=\"loading\">" + escapeHtml(select.getAttribute("data-loading") || "") + "</div>";
        }
      }
    };
    // Tom Select points the field's <label> at its own search box; the original <select>, still read by assistive
    // technology, keeps the label's words as its name.
    var label = select.id ? document.querySelector("label[for='" + select.id + "']") : null;
    var box = new TomSelect(select, settings);
    if (label && !select.getAttribute("aria-label")) {
      select.setAttribute("aria-label", label.textContent.replace(/\s*\*\s*$/, "").trim());
    }
    // Search the characters the input method commits, not the pinyin typed on the way to them.
    box.control_input.addEventListener("compositionstart", function () { composing = true; });
    box.control_input.addEventListener("compositionend", function () {
      composing = false;
      var query = box.inputValue();
      if (query.trim()) {
        box.load(query);
      }
    });
    return box;
  }

  document.querySelectorAll("select[data-enterprise-picker]").forEach(picker);
  // Rows added in the page (static/js/formset_rows.js) bring their own pickers.
  document.addEventListener("rows:added", function (event) {
    event.target.querySelectorAll("select[data-enterprise-picker]").forEach(picker);
  });
})();
