// The pre-input reader's live camera: where a camera and JavaScript are
// there, frames are sent to the desk (which reads QR codes itself) until
// one names a pre-input, and its page opens. Without either, the code box
// (a handheld scanner types into it) and the photo button do the same.
(function () {
  "use strict";
  var form = document.querySelector("form[data-scanner]");
  var start = document.querySelector("[data-camera-start]");
  if (!form || !start || !navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return;
  var video = document.querySelector("[data-camera]");
  var status = document.querySelector("[data-camera-status]");
  var token = form.querySelector("input[name=csrf_token]").value;
  var canvas = document.createElement("canvas");
  var busy = false;
  var timer = null;
  start.hidden = false;

  function say(text) { if (status) status.textContent = text; }

  function frame() {
    if (busy || !video.videoWidth) return;
    busy = true;
    var scale = Math.min(1, 960 / Math.max(video.videoWidth, video.videoHeight));
    canvas.width = Math.round(video.videoWidth * scale);
    canvas.height = Math.round(video.videoHeight * scale);
    canvas.getContext("2d").drawImage(video, 0, 0, canvas.width, canvas.height);
    canvas.toBlob(function (blob) {
      if (!blob) { busy = false; return; }
      var body = new FormData();
      body.append("csrf_token", token);
      body.append("picture", blob, "frame.jpg");
      fetch(form.action, { method: "POST", body: body, credentials: "same-origin" })
        .then(function (response) {
          if (response.redirected) {
            clearInterval(timer);
            window.location.href = response.url;
            return;
          }
          busy = false;
        })
        .catch(function () { busy = false; });
    }, "image/jpeg", 0.85);
  }

  start.addEventListener("click", function () {
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        video.play();
        start.hidden = true;
        say(start.getAttribute("data-reading"));
        timer = setInterval(frame, 600);
      })
      .catch(function () { say(start.getAttribute("data-no-camera")); });
  });
})();
