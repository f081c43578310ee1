// Duty officer's live view: re-fetch the rows every few seconds and count down each ten-minute clock.
(function () {
  "use strict";
  var box = document.getElementById("duty-live");
  if (!box) { return; }
  var url = box.getAttribute("data-url");
  var interval = parseInt(box.getAttribute("data-interval"), 10) || 4000;
  var status = document.getElementById("duty-live-status");
  // The server's clock minus this one's, read from the table each time it is (re)loaded: the deadlines are the
  // server's instants, so a phone or PC whose clock is off still counts the ten minutes right.
  var skew = 0;

  function readServerClock() {
    var table = box.querySelector("[data-server-now]");
    var serverNow = table ? parseInt(table.getAttribute("data-server-now"), 10) : NaN;
    skew = isNaN(serverNow) ? 0 : serverNow - Date.now();
  }

  function tick() {
    var now = Date.now() + skew;
    box.querySelectorAll("[data-due-at]").forEach(function (el) {
      var left = Math.floor((parseInt(el.getAttribute("data-due-at"), 10) - now) / 1000);
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
        readServerClock();
        tick();
        if (status) { status.textContent = ""; }
      })
      .catch(function () { if (status) { status.textContent = status.getAttribute("data-offline"); } });
  }

  readServerClock();
  tick();
  setInterval(tick, 1000);
  setInterval(refresh, interval);
})();
