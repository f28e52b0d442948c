// smartcity-bot staff dashboard: the only script (the CSP allows no inline code).
// Copy buttons: <button data-copy="ID"> copies the text of element ID to the clipboard.
"use strict";

function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    return navigator.clipboard.writeText(text);
  }
  // Fallback for plain-HTTP addresses other than localhost: a hidden textarea and execCommand.
  return new Promise(function (resolve, reject) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area);
    if (ok) { resolve(); } else { reject(new Error("copy refused")); }
  });
}

document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) { return; }
  var source = document.getElementById(button.getAttribute("data-copy"));
  if (!source) { return; }
  var status = button.parentElement.querySelector(".copy-status");
  copyText(source.textContent).then(function () {
    if (status) { status.textContent = "Tersalin."; }
  }, function () {
    if (status) { status.textContent = "Tidak dapat menyalin; pilih teksnya lalu salin manual."; }
  });
});
