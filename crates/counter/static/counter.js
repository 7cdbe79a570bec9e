// Keeps the congestion, display and ticket pages current from the office's
// event stream. Without JavaScript the pages read the same, as of loading.
(function () {
  "use strict";
  var root = document.querySelector("[data-live]");
  if (!root || !window.EventSource) return;
  // English for every reader who does not read Japanese, as the page's own texts.
  var lang = root.getAttribute("data-lang");
  var en = lang !== "ja" && lang !== "ja-x-easy";
  var office = root.getAttribute("data-office");
  var lampWords = en
    ? { blue: "Blue: short wait", yellow: "Yellow: some wait", red: "Red: long wait" }
    : { blue: "青：空いています", yellow: "黄：やや混んでいます", red: "赤：混んでいます" };

  function waitWords(seconds) {
    var minutes = Math.ceil(seconds / 60);
    if (minutes <= 0) return en ? "no wait" : "待ち時間なし";
    return en ? "about " + minutes + " min" : "約" + minutes + "分";
  }

  // The same estimate as the server's (several windows, each resident's time random).
  function waitFor(line, ahead) {
    var windows = Math.max(line.windows, 1);
    var free = Math.max(windows - line.busy, 0);
    if (ahead < free) return 0;
    return Math.floor(((ahead - free + 1) * line.service_s) / windows);
  }

  function setText(scope, selector, text) {
    var el = scope.querySelector(selector);
    if (el && el.textContent !== String(text)) el.textContent = text;
  }

  function updateLines(snapshot) {
    snapshot.lines.forEach(function (line) {
      var rows = root.querySelectorAll('[data-line="' + line.id + '"]');
      Array.prototype.forEach.call(rows, function (row) {
        setText(row, "[data-waiting]", line.waiting);
        setText(row, "[data-wait]", waitWords(line.wait_s));
        setText(row, "[data-calling]", line.calling.map(function (c) { return c.number; }).join(", "));
        var lamp = row.querySelector("[data-lamp]");
        if (lamp) {
          lamp.className = "lamp lamp-" + line.lamp;
          setText(lamp, "[data-lamp-words]", lampWords[line.lamp]);
        }
      });
    });
  }

  function updateDisplay(snapshot) {
    var list = root.querySelector("[data-calls]");
    if (!list) return;
    var calls = [];
    snapshot.lines.forEach(function (line) {
      line.calling.forEach(function (c) { calls.push({ call: c, line: line }); });
    });
    calls.sort(function (a, b) { return b.call.at - a.call.at; });
    // Only a change is announced again.
    var key = calls.map(function (e) { return e.call.number + "@" + e.call.window + "@" + e.call.at; }).join("|");
    if (list.getAttribute("data-key") === key) return;
    list.setAttribute("data-key", key);
    var html = document.createDocumentFragment();
    calls.forEach(function (entry) {
      var li = document.createElement("li");
      var number = document.createElement("span");
      number.className = "hall-number";
      number.textContent = entry.call.number;
      var windowLabel = document.createElement("span");
      windowLabel.className = "hall-window";
      windowLabel.textContent = (en ? "Window " : "窓口 ") + entry.call.window;
      var name = document.createElement("span");
      name.className = "hall-line";
      name.textContent = en && entry.line.name_en ? entry.line.name_en : entry.line.name;
      li.appendChild(number);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(windowLabel);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(name);
      html.appendChild(li);
    });
    list.replaceChildren(html);
    var none = root.querySelector("[data-no-calls]");
    if (none) none.hidden = calls.length > 0;
  }

  function updateTicket(snapshot) {
    var label = root.getAttribute("data-ticket");
    if (!label) return;
    var state = root.getAttribute("data-ticket-state");
    if (state !== "waiting" && state !== "called" && state !== "held") return;
    var lineId = root.getAttribute("data-ticket-line");
    var line = snapshot.lines.filter(function (l) { return l.id === lineId; })[0];
    if (!line) return;
    var ahead = line.queue.indexOf(label);
    var called = line.calling.filter(function (c) { return c.number === label; })[0];
    if (state === "waiting" && ahead >= 0) {
      setText(root, "[data-ahead]", ahead);
      setText(root, "[data-ticket-wait]", waitWords(waitFor(line, ahead)));
      return;
    }
    if (state === "called" && called) return;
    // Held: nothing to say until a window calls it back.
    if (state === "held" && !called && ahead < 0) return;
    // Called, served, moved to another counter or cancelled: the page says which.
    window.location.reload();
  }

  function updateTime(snapshot) {
    var el = root.querySelector("[data-updated]");
    if (!el) return;
    var at = new Date(snapshot.at * 1000);
    // The office's time, whatever the viewer's device is set to.
    el.textContent = at.toLocaleTimeString(en ? "en-GB" : "ja-JP", { timeZone: "Asia/Tokyo" }) + (en ? " JST" : "");
    el.setAttribute("datetime", at.toISOString());
  }

  var source = new EventSource("/counters/" + encodeURIComponent(office) + "/events");
  source.addEventListener("congestion", function (event) {
    var snapshot;
    try { snapshot = JSON.parse(event.data); } catch (e) { return; }
    updateLines(snapshot);
    updateDisplay(snapshot);
    updateTime(snapshot);
    updateTicket(snapshot);
  });
})();
