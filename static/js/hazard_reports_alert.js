// Duty screen: announce new reports while the screen is open. Every 30 s the count of reports waiting for
// acknowledgement is fetched; the page title shows it as "(N) …", and a short sound plays when a report
// newer than any seen before arrives (browsers may keep it silent until the page has been clicked once).
(function () {
  "use strict";
  var box = document.getElementById("duty-live");
  if (!box || !box.getAttribute("data-new-url")) { return; }
  var url = box.getAttribute("data-new-url");
  var interval = parseInt(box.getAttribute("data-new-interval"), 10) || 30000;
  var baseTitle = document.title.replace(/^\(\d+\) /, "");
  var sound = new Audio(box.getAttribute("data-sound"));
  sound.preload = "auto";
  var latest = null;

  function show(count) {
    document.title = count > 0 ? "(" + count + ") " + baseTitle : baseTitle;
  }

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) {
        if (r.redirected || !r.ok) { throw new Error(String(r.status)); }
        return r.json();
      })
      .then(function (data) {
        show(data["new"]);
        if (latest !== null && data.latest > latest) {
          box.setAttribute("data-announced", String(data.latest));
          var played = sound.play();
          if (played && played.catch) { played.catch(function () { /* not allowed before a click */ }); }
        }
        latest = latest === null ? data.latest : Math.max(latest, data.latest);
      })
      .catch(function () { /* the rows' own refresh shows the connection state */ });
  }

  poll();
  setInterval(poll, interval);
})();
