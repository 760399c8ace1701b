// Web push opt-in: a quiet offer from the second page a reader opens (never the first),
// a dialog to choose topics (breaking news, a regency or city, rubriks), change or leave.
// No cookie: what the reader chose stays in the browser; the server keeps the browser's
// push endpoint and its topics only.
"use strict";
(function () {
  const offer = document.querySelector(".push-offer");
  const dialog = document.querySelector(".push-dialog");
  if (!offer || !dialog || !("serviceWorker" in navigator) || !("PushManager" in window)) return;
  const footer = document.querySelector(".push-footer");
  const status = dialog.querySelector(".push-status");
  const topicsBox = dialog.querySelector(".push-topics");
  const en = (document.documentElement.lang || "id").startsWith("en");
  const say = {
    saved: en ? "Saved. You will get alerts for what you chose." : "Tersimpan. Anda akan menerima notifikasi pilihan Anda.",
    left: en ? "You will get no more alerts." : "Anda tidak akan menerima notifikasi lagi.",
    denied: en ? "Notifications are blocked in this browser's settings." : "Notifikasi diblokir di pengaturan peramban ini.",
    none: en ? "Choose at least one topic." : "Pilih setidaknya satu topik.",
    failed: en ? "Not saved: try again." : "Belum tersimpan: coba lagi.",
    groups: en ? { breaking: "Breaking news", region: "Your regency or city", rubrik: "Sections" }
               : { breaking: "Berita terkini", region: "Kabupaten/kota Anda", rubrik: "Rubrik" },
  };
  const store = window.localStorage;
  const views = Number(store.getItem("push-views") || 0) + 1;
  store.setItem("push-views", String(views));
  if (footer) footer.hidden = false;
  if (views >= 2 && !store.getItem("push-answered")) offer.hidden = false;
  let config = null;

  function chosen() {
    return JSON.parse(store.getItem("push-topics") || "[]");
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      body: JSON.stringify(body),
    });
  }

  function build(topics) {
    const picked = new Set(chosen().length ? chosen() : ["breaking"]);
    topicsBox.textContent = "";
    ["breaking", "region", "rubrik"].forEach(function (group) {
      const items = topics.filter(function (t) { return t.group === group; });
      if (!items.length) return;
      const set = document.createElement("fieldset");
      const legend = document.createElement("legend");
      legend.textContent = say.groups[group];
      set.appendChild(legend);
      items.forEach(function (topic) {
        const label = document.createElement("label");
        const box = document.createElement("input");
        box.type = "checkbox";
        box.value = topic.key;
        box.checked = picked.has(topic.key);
        label.appendChild(box);
        label.appendChild(document.createTextNode(" " + topic.label));
        set.appendChild(label);
      });
      topicsBox.appendChild(set);
    });
  }

  function open() {
    status.textContent = "";
    fetch(offer.dataset.keyUrl).then(function (r) { return r.json(); }).then(function (data) {
      config = data;
      build(data.topics);
      dialog.showModal();
    });
  }

  function keyBytes(base64) {
    const padded = (base64 + "===".slice((base64.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    return Uint8Array.from(atob(padded), function (c) { return c.charCodeAt(0); });
  }

  function save(topics) {
    return Notification.requestPermission().then(function (permission) {
      if (permission !== "granted") throw new Error("denied");
      return navigator.serviceWorker.register(offer.dataset.workerUrl, { scope: "/" });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function (registration) {
      return registration.pushManager.getSubscription().then(function (existing) {
        return existing || registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: keyBytes(config.key),
        });
      });
    }).then(function (subscription) {
      return post(offer.dataset.subscribeUrl, { subscription: subscription.toJSON(), topics: topics });
    }).then(function (response) {
      if (!response.ok) throw new Error("failed");
      store.setItem("push-topics", JSON.stringify(topics));
      status.textContent = say.saved;
    });
  }

  function leave() {
    return navigator.serviceWorker.getRegistration("/").then(function (registration) {
      return registration && registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) return null;
      return post(offer.dataset.unsubscribeUrl, { endpoint: subscription.endpoint }).then(function () {
        return subscription.unsubscribe();
      });
    }).then(function () {
      store.removeItem("push-topics");
      status.textContent = say.left;
    });
  }

  document.querySelectorAll(".push-open").forEach(function (button) {
    button.addEventListener("click", function () {
      store.setItem("push-answered", "1");
      offer.hidden = true;
      open();
    });
  });
  offer.querySelector(".push-later").addEventListener("click", function () {
    store.setItem("push-answered", "1");
    offer.hidden = true;
  });
  dialog.querySelector("form").addEventListener("submit", function (event) {
    const action = event.submitter ? event.submitter.value : "close";
    if (action === "close") return;
    event.preventDefault();
    if (action === "leave") {
      leave().catch(function () { status.textContent = say.failed; });
      return;
    }
    const topics = Array.from(topicsBox.querySelectorAll("input:checked")).map(function (box) { return box.value; });
    if (!topics.length) {
      status.textContent = say.none;
      return;
    }
    save(topics).catch(function (error) {
      status.textContent = error.message === "denied" ? say.denied : say.failed;
    });
  });
})();
