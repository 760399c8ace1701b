// Photo library: click the photo to set its focal point (the part every crop keeps).
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  const picker = document.querySelector("[data-focal-picker]");
  if (!picker) return;
  const image = picker.querySelector("img");
  const mark = picker.querySelector(".nr-focal__mark");
  const inputX = document.querySelector("input[data-focal=x]");
  const inputY = document.querySelector("input[data-focal=y]");

  function place(x, y) {
    mark.style.left = (x * 100).toFixed(2) + "%";
    mark.style.top = (y * 100).toFixed(2) + "%";
  }

  place(parseFloat(picker.dataset.x) || 0.5, parseFloat(picker.dataset.y) || 0.5);
  image.addEventListener("click", function (event) {
    const box = image.getBoundingClientRect();
    const x = Math.min(1, Math.max(0, (event.clientX - box.left) / box.width));
    const y = Math.min(1, Math.max(0, (event.clientY - box.top) / box.height));
    inputX.value = x.toFixed(4);
    inputY.value = y.toFixed(4);
    place(x, y);
  });
  [inputX, inputY].forEach(function (input) {
    input.addEventListener("input", function () {
      place(parseFloat(inputX.value) || 0, parseFloat(inputY.value) || 0);
    });
  });
});
