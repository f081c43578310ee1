// Public hazard report form: chained place selects and the optional location (no inline JS: strict CSP).
(function () {
  "use strict";
  var form = document.getElementById("hazard-report-form");
  if (!form) { return; }
  var url = form.getAttribute("data-places-url");
  var levels = ["city", "subdistrict", "community", "grid"];
  // With script the city's sub-districts come at once: the no-script "show its sub-districts" step goes.
  var step = form.querySelector("[data-city-step]");
  if (step) { step.parentNode.removeChild(step); }

  function select(level) { return form.querySelector("[data-place-level='" + level + "']"); }

  function fill(level, parentId) {
    var target = select(level);
    if (!target) { return Promise.resolve(); }
    var keep = target.options.length ? target.options[0].cloneNode(true) : null;
    target.innerHTML = "";
    if (keep) {
      keep.value = "";
      // "choose the city first" becomes "choose" once there is a city to choose in
      if (parentId && target.getAttribute("data-choose-label")) { keep.textContent = target.getAttribute("data-choose-label"); }
      target.appendChild(keep);
    }
    if (!parentId) { return Promise.resolve(); }
    return fetch(url + "?parent=" + encodeURIComponent(parentId), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { places: [] }; })
      .then(function (data) {
        data.places.forEach(function (p) {
          var option = document.createElement("option");
          option.value = String(p.id);
          option.textContent = p.name;
          target.appendChild(option);
        });
      })
      .catch(function () { /* the server still validates; the form works without this */ });
  }

  levels.slice(0, 3).forEach(function (level, i) {
    var el = select(level);
    if (!el || el.tagName !== "SELECT") { return; }
    el.addEventListener("change", function () {
      // the next level lists the children of the choice; the levels below it are emptied
      var below = levels.slice(i + 2);
      fill(levels[i + 1], el.value).then(function () {
        below.forEach(function (lower) { fill(lower, ""); });
      });
    });
  });

  var button = document.getElementById("hazard-locate");
  var status = document.getElementById("hazard-locate-status");
  var lat = form.querySelector("input[name='latitude']");
  var lng = form.querySelector("input[name='longitude']");
  if (button && navigator.geolocation && lat && lng) {
    button.classList.remove("d-none");
    button.addEventListener("click", function () {
      status.textContent = button.getAttribute("data-busy");
      navigator.geolocation.getCurrentPosition(function (pos) {
        lat.value = pos.coords.latitude.toFixed(6);
        lng.value = pos.coords.longitude.toFixed(6);
        status.textContent = button.getAttribute("data-done");
      }, function () {
        status.textContent = button.getAttribute("data-failed");
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }
})();
