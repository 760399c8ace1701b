// Newsroom article form: tells the server this editor still has the article open,
// and shows who else is editing it ("sedang disunting oleh ...").
"use strict";
(function () {
  const panel = document.querySelector(".nr-panels[data-presence-url]");
  if (!panel) return;
  const url = panel.dataset.presenceUrl;
  const seconds = parseInt(panel.dataset.heartbeat, 10) || 30;
  const notice = panel.querySelector(".nr-notice--presence");
  const names = panel.querySelector(".nr-presence-names");
  const csrf = document.querySelector("input[name=csrfmiddlewaretoken]");

  function beat() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (!data) return;
        names.textContent = data.others.join(", ");
        notice.hidden = data.others.length === 0;
      })
      .catch(() => {});
  }

  window.setInterval(beat, seconds * 1000);
  window.addEventListener("pagehide", function () {
    if (!csrf || !navigator.sendBeacon) return;
    const body = new FormData();
    body.append("csrfmiddlewaretoken", csrf.value);
    body.append("leave", "1");
    navigator.sendBeacon(url, body);
  });
})();
