// The application form, made quicker where JavaScript runs (everything
// works without it): the era-calendar date beside each date picker follows
// what is picked, and a bank's or branch's name typed in its box offers the
// matching entries of the 全銀 list; choosing one fills in the code.
(function () {
  "use strict";

  // As kernel::wareki writes dates: era, year (元 for the first), month, day.
  var ERAS = [
    ["令和", 2019, 5, 1],
    ["平成", 1989, 1, 8],
    ["昭和", 1926, 12, 25],
    ["大正", 1912, 7, 30],
    ["明治", 1868, 10, 23]
  ];

  function wareki(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return "";
    var y = +m[1], mo = +m[2], d = +m[3];
    for (var i = 0; i < ERAS.length; i++) {
      var e = ERAS[i];
      if (y > e[1] || (y === e[1] && (mo > e[2] || (mo === e[2] && d >= e[3])))) {
        var n = y - e[1] + 1;
        return e[0] + (n === 1 ? "元" : n) + "年" + mo + "月" + d + "日";
      }
    }
    return "";
  }

  document.querySelectorAll("input[data-wareki]").forEach(function (input) {
    var shown = document.getElementById(input.getAttribute("data-wareki"));
    if (!shown) return;
    var update = function () { shown.textContent = wareki(input.value); };
    input.addEventListener("input", update);
    input.addEventListener("change", update);
  });

  function setCode(target, code, name) {
    if (target.tagName === "SELECT") {
      var found = false;
      for (var i = 0; i < target.options.length; i++) {
        if (target.options[i].value === code) found = true;
      }
      if (!found) {
        var option = document.createElement("option");
        option.value = code;
        option.textContent = name + "（" + code + "）";
        target.appendChild(option);
      }
    }
    target.value = code;
    target.dispatchEvent(new Event("change", { bubbles: true }));
  }

  function picker(input, url) {
    var target = document.getElementById(
      input.getAttribute("data-bank-for") || input.getAttribute("data-branch-for"));
    if (!target) return;
    var pick = document.createElement("select");
    pick.className = "bank-pick";
    pick.id = input.id + "-pick";
    pick.hidden = true;
    var label = document.querySelector("label[for='" + input.id + "']");
    pick.setAttribute("aria-label", (label ? label.textContent : "") + " ▼");
    input.parentNode.appendChild(pick);
    var timer = null, asked = 0;
    var entries = [];
    pick.addEventListener("change", function () {
      var chosen = entries[pick.selectedIndex - 1];
      if (chosen) setCode(target, chosen.code, chosen.name);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var address = url();
        if (!address || !input.value.trim()) { pick.hidden = true; return; }
        var mine = ++asked;
        fetch(address + "?q=" + encodeURIComponent(input.value.trim().slice(0, 40)), {
          headers: { accept: "application/json" }
        }).then(function (r) { return r.ok ? r.json() : []; }).then(function (found) {
          if (mine !== asked) return;
          entries = found || [];
          pick.textContent = "";
          var first = document.createElement("option");
          first.value = "";
          first.textContent = entries.length + " ▼";
          pick.appendChild(first);
          entries.forEach(function (e) {
            var option = document.createElement("option");
            option.value = e.code;
            option.textContent = e.name + "（" + e.code + "）";
            pick.appendChild(option);
          });
          pick.hidden = entries.length === 0;
          if (entries.length === 1) {
            pick.selectedIndex = 1;
            setCode(target, entries[0].code, entries[0].name);
          }
        }).catch(function () { pick.hidden = true; });
      }, 250);
    });
  }

  document.querySelectorAll("input[data-bank-for]").forEach(function (input) {
    picker(input, function () { return "/banks"; });
  });
  document.querySelectorAll("input[data-branch-for]").forEach(function (input) {
    picker(input, function () {
      var bank = document.getElementById(input.getAttribute("data-bank-code"));
      var code = bank ? bank.value.trim() : "";
      return /^\d{4}$/.test(code) ? "/banks/" + code + "/branches" : "";
    });
  });

  // The pre-input's QR page: the print button prints (without JavaScript
  // the browser's own print does the same).
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
