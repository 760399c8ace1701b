// Ads: each slot carries its candidates (<template>); this script picks one by weight,
// skips any that ended since the page was made, shows it in the box the stylesheet
// reserved (nothing moves), and reports it seen once half of it is on screen. Slots below
// the fold are filled when they come near; an ad network's script is loaded only after
// the page has loaded, and only when one of its slots was chosen.
"use strict";
(function () {
  const slots = document.querySelectorAll("[data-ad-place]");
  if (!slots.length) return;
  const now = Date.now() / 1000;
  const networkSlots = [];

  function pick(slot) {
    const candidates = Array.from(slot.querySelectorAll("template")).filter(function (t) {
      const starts = Number(t.dataset.starts || 0);
      const ends = t.dataset.ends ? Number(t.dataset.ends) : Infinity;
      return starts <= now && now < ends;
    });
    const total = candidates.reduce(function (sum, t) { return sum + Number(t.dataset.weight || 1); }, 0);
    let roll = Math.random() * total;
    for (const t of candidates) {
      roll -= Number(t.dataset.weight || 1);
      if (roll < 0) return t;
    }
    return null;
  }

  function report(slot, id) {
    if (!("IntersectionObserver" in window) || !navigator.sendBeacon) return;
    const observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        navigator.sendBeacon(slot.dataset.seenUrl, new Blob([id], { type: "text/plain" }));
      }
    }, { threshold: 0.5 });
    observer.observe(slot.querySelector(".ad__box"));
  }

  function fill(slot) {
    const chosen = pick(slot);
    if (!chosen) {
      slot.classList.add("ad--empty");
      return;
    }
    const box = slot.querySelector(".ad__box");
    box.appendChild(chosen.content.cloneNode(true));
    slot.classList.add("ad--filled");
    if (chosen.dataset.kind === "network") networkSlots.push(box.lastElementChild || box);
    report(slot, chosen.dataset.ad);
  }

  const later = [];
  slots.forEach(function (slot) {
    if (slot.hasAttribute("data-lazy") && "IntersectionObserver" in window) later.push(slot);
    else fill(slot);
  });
  if (later.length) {
    const near = new IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        near.unobserve(entry.target);
        fill(entry.target);
        loadNetwork();
      });
    }, { rootMargin: "300px 0px" });
    later.forEach(function (slot) { near.observe(slot); });
  }

  document.querySelectorAll(".ad__close").forEach(function (button) {
    button.addEventListener("click", function () {
      button.closest(".ad").hidden = true;
    });
  });

  // The ad network, after the content: its script from its own origin (the only
  // origins the Content Security Policy opens for it).
  let pageLoaded = document.readyState === "complete";
  let scriptAdded = false;
  function loadNetwork() {
    if (!pageLoaded || !networkSlots.length) return;
    const config = document.querySelector("[data-ad-network]");
    if (!config) return;
    const kind = config.dataset.adNetwork;
    if (!scriptAdded) {
      scriptAdded = true;
      const script = document.createElement("script");
      script.async = true;
      script.src = kind === "adsense"
        ? "https://pagead2.googlesyndication.com/pagead/js/adsbygoogle.js?client=" + encodeURIComponent(config.dataset.adNetworkId)
        : "https://securepubads.g.doubleclick.net/tag/js/gpt.js";
      document.head.appendChild(script);
    }
    const waiting = networkSlots.splice(0);
    if (kind === "adsense") {
      window.adsbygoogle = window.adsbygoogle || [];
      waiting.forEach(function () { window.adsbygoogle.push({}); });
    } else {
      window.googletag = window.googletag || { cmd: [] };
      waiting.forEach(function (element, index) {
        element.id = element.id || "gpt-" + Date.now() + "-" + index;
        window.googletag.cmd.push(function () {
          const tag = window.googletag;
          tag.defineSlot(element.dataset.gptUnit, [Number(element.dataset.width), Number(element.dataset.height)], element.id).addService(tag.pubads());
          tag.enableServices();
          tag.display(element.id);
        });
      });
    }
  }
  if (!pageLoaded) {
    window.addEventListener("load", function () { pageLoaded = true; loadNetwork(); });
  } else {
    loadNetwork();
  }
})();
