// Duty officer's live view: re-fetch the rows every few seconds and count down each ten-minute clock.
(function () {
  "use strict";
  var box = document.getElementById("duty-live");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var interval = parseInt(box.getAttribute("data-interval"), 10) || 4000;
  var status = document.getElementById("duty-live-status");
  var loadedAt = Date.now();

  function tick() {
    var elapsed = Math.floor((Date.now() - loadedAt) / 1000);
    box.querySelectorAll("[data-seconds-left]").forEach(function (el) {
      var left = parseInt(el.getAttribute("data-seconds-left"), 10) - elapsed;
      if (left < 0) {
        el.textContent = box.getAttribute("data-overdue");
        el.classList.add("text-danger");
      } else {
        var m = Math.floor(left / 60), s = left % 60;
        el.textContent = m + ":" + (s < 10 ? "0" : "") + s + " " + box.getAttribute("data-left");
      }
    });
  }

  function refresh() {
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (r) {
        // Signed out (session ended): reload, so the login page shows instead of a fragment.
        if (r.redirected) { window.location.reload(); throw new Error("signed out"); }
        if (!r.ok) { throw new Error(String(r.status)); }
        return r.text();
      })
      .then(function (html) {
        box.innerHTML = html;
        loadedAt = Date.now();
        tick();
        if (status) { status.textContent = ""; }
      })
      .catch(function () { if (status) { status.textContent = status.getAttribute("data-offline"); } });
  }

  tick();
  setInterval(tick, 1000);
  setInterval(refresh, interval);
})();
