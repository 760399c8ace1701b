// Counts one read of this article for "most read": a single beacon, no cookie, no tracker.
"use strict";
(function () {
  const story = document.querySelector("[data-read-url]");
  if (!story || !navigator.sendBeacon) return;
  window.addEventListener("load", function () {
    navigator.sendBeacon(story.dataset.readUrl);
  });
})();
