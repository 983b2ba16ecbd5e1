// The Thai date box (base.forms.ThaiDateInput). Progressive: without this script the box is a plain text box that the
// server reads (core/thaidate.py). With it, the date typed is read back in words under the box ("วันพุธที่ 15 มกราคม
// พ.ศ. 2568") and a button opens a Thai month calendar (B.E. years, Thai month names) to pick a day from.
// The reading rules are the server's, kept in step with core/thaidate.py: 15/01/2568, 15 ม.ค. 2568, 15 มกราคม 2568,
// Thai digits, ISO 2025-01-15; a year from 2400 is B.E., below it C.E.; two-digit years are refused; 1950–2150 C.E.
// No library, no inline code (the Content-Security-Policy allows only this site's scripts).
(function () {
  "use strict";
  if (window.prongsaiThaiDate) {
    return; // every date box includes this script; it runs once
  }

  var BE = 543;
  var MONTHS = ["มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
    "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม"];
  var SHORT = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];
  var DAYS = ["อาทิตย์", "จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์"]; // getUTCDay() order
  var DAYS_SHORT = ["อา", "จ", "อ", "พ", "พฤ", "ศ", "ส"];
  var THAI_DIGITS = "๐๑๒๓๔๕๖๗๘๙";
  var MONTH_WORDS = {};
  MONTHS.forEach(function (m, i) { MONTH_WORDS[m] = i + 1; });
  SHORT.forEach(function (m, i) { MONTH_WORDS[m.replace(/\./g, "")] = i + 1; });
  var WEEKDAY = new RegExp("^วัน(?:" + ["จันทร์", "อังคาร", "พุธ", "พฤหัสบดี", "ศุกร์", "เสาร์", "อาทิตย์"].join("|") +
    ")(?:ที่)?\\s*");
  var ERA = /(พ\.?\s?ศ\.?|ค\.?\s?ศ\.?)\s*(?=\d{2,4}\s*$)/;
  var ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
  var NUMERIC = /^(\d{1,2})\s*[\/.\-\s]\s*(\d{1,2})\s*[\/.\-\s]\s*(\d{2}|\d{4})$/;
  var WORDS = /^(\d{1,2})\s*([\u0e01-\u0e4e.\s]+?)\s*(\d{2}|\d{4})$/;
  var HINT = "ยังอ่านเป็นวันที่ไม่ได้ พิมพ์ วว/ดด/ปปปป เช่น 15/01/2568 หรือ 15 ม.ค. 2568";

  function arabic(text) {
    return text.replace(/[๐-๙]/g, function (c) { return String(THAI_DIGITS.indexOf(c)); });
  }

  // {y, m, d} (C.E.) or null
  function parse(text) {
    var s = arabic(String(text || "")).normalize("NFC").replace(/\s+/g, " ").trim();
    if (!s || s.length > 64) {
      return null;
    }
    s = s.replace(WEEKDAY, "");
    var era = null;
    var e = ERA.exec(s);
    if (e) {
      era = e[1].charAt(0) === "พ" ? "be" : "ce";
      s = (s.slice(0, e.index) + s.slice(e.index + e[0].length)).trim();
    }
    var m, d, mo, y;
    if ((m = ISO.exec(s))) {
      y = m[1]; mo = +m[2]; d = +m[3];
    } else if ((m = NUMERIC.exec(s))) {
      d = +m[1]; mo = +m[2]; y = m[3];
    } else if ((m = WORDS.exec(s)) && MONTH_WORDS[m[2].replace(/[\s.]/g, "")]) {
      d = +m[1]; mo = MONTH_WORDS[m[2].replace(/[\s.]/g, "")]; y = m[3];
    } else {
      return null;
    }
    var year = +y;
    if (y.length === 2) {
      return null; // two digits could be either era: the server asks for four
    }
    if (era === "be" || (era === null && year >= 2400)) {
      year -= BE;
    }
    if (year < 1950 || year > 2150 || mo < 1 || mo > 12 || d < 1) {
      return null;
    }
    var t = new Date(Date.UTC(year, mo - 1, d));
    if (t.getUTCMonth() !== mo - 1 || t.getUTCDate() !== d) {
      return null;
    }
    return { y: year, m: mo, d: d };
  }

  function weekday(day) {
    return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  }

  function words(day) {
    return "วัน" + DAYS[weekday(day)] + "ที่ " + day.d + " " + MONTHS[day.m - 1] + " พ.ศ. " + (day.y + BE);
  }

  function typed(day) {
    return (day.d < 10 ? "0" : "") + day.d + "/" + (day.m < 10 ? "0" : "") + day.m + "/" + (day.y + BE);
  }

  function iso(day) {
    return day.y + "-" + (day.m < 10 ? "0" : "") + day.m + "-" + (day.d < 10 ? "0" : "") + day.d;
  }

  function today() {
    var now = new Date();
    return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  }

  function element(tag, attrs, text) {
    var el = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    if (text !== undefined) {
      el.textContent = text;
    }
    return el;
  }

  function setup(input) {
    if (input.dataset.thaiDateReady) {
      return;
    }
    input.dataset.thaiDateReady = "1";
    var box = input.closest(".thai-date") || input.parentNode;
    var out = box.querySelector(".thai-date-words");
    var minDay = parse(input.getAttribute("data-min") || "");
    var maxDay = parse(input.getAttribute("data-max") || "");

    function show(final) {
      var day = parse(input.value);
      if (out) {
        out.textContent = day ? words(day) : (final && input.value.trim() ? HINT : "");
        out.classList.toggle("is-unread", !day && final && !!input.value.trim());
      }
      return day;
    }
    input.addEventListener("input", function () { show(false); });
    input.addEventListener("change", function () { show(true); });
    show(false);

    // the calendar
    // the button follows its box and is named by its text only, so that the box's label names the box alone
    var open = element("button", { type: "button", "class": "thai-date-open", "aria-expanded": "false" }, "ปฏิทิน");
    var panel = element("div", { "class": "thai-date-picker", role: "group", "aria-label": "ปฏิทินเลือกวัน" });
    panel.hidden = true;
    if (input.id) {
      panel.id = input.id + "_calendar";
      open.setAttribute("aria-controls", panel.id);
    }
    input.insertAdjacentElement("afterend", open);
    box.appendChild(panel);

    var head = element("div", { "class": "thai-date-head" });
    var prev = element("button", { type: "button", "aria-label": "เดือนก่อน" }, "‹");
    var month = element("select", { "aria-label": "เดือน" });
    MONTHS.forEach(function (m, i) { month.appendChild(element("option", { value: String(i + 1) }, m)); });
    var year = element("select", { "aria-label": "ปี พ.ศ." });
    var now = today();
    var firstYear = minDay ? minDay.y : now.y - 10;
    var lastYear = maxDay ? maxDay.y : now.y + 5;
    for (var y = firstYear; y <= lastYear; y += 1) {
      year.appendChild(element("option", { value: String(y) }, "พ.ศ. " + (y + BE)));
    }
    var next = element("button", { type: "button", "aria-label": "เดือนถัดไป" }, "›");
    head.appendChild(prev);
    head.appendChild(month);
    head.appendChild(year);
    head.appendChild(next);
    panel.appendChild(head);
    var table = element("table");
    var row = element("tr");
    DAYS_SHORT.forEach(function (d, i) { row.appendChild(element("th", { scope: "col", abbr: DAYS[i] }, d)); });
    var thead = element("thead");
    thead.appendChild(row);
    table.appendChild(thead);
    var body = element("tbody");
    table.appendChild(body);
    panel.appendChild(table);

    var shown = { y: now.y, m: now.m };

    function outside(day) {
      return (minDay && iso(day) < iso(minDay)) || (maxDay && iso(day) > iso(maxDay));
    }

    function draw() {
      if (shown.y < firstYear) { shown = { y: firstYear, m: 1 }; }
      if (shown.y > lastYear) { shown = { y: lastYear, m: 12 }; }
      month.value = String(shown.m);
      year.value = String(shown.y);
      prev.disabled = shown.y === firstYear && shown.m === 1;
      next.disabled = shown.y === lastYear && shown.m === 12;
      while (body.firstChild) { body.removeChild(body.firstChild); }
      var chosen = parse(input.value);
      var first = weekday({ y: shown.y, m: shown.m, d: 1 });
      var days = new Date(Date.UTC(shown.y, shown.m, 0)).getUTCDate();
      var tr = element("tr");
      for (var blank = 0; blank < first; blank += 1) { tr.appendChild(element("td")); }
      for (var d = 1; d <= days; d += 1) {
        var day = { y: shown.y, m: shown.m, d: d };
        var button = element("button", { type: "button", "aria-label": words(day),
          "aria-pressed": chosen && iso(chosen) === iso(day) ? "true" : "false" }, String(d));
        if (iso(day) === iso(now)) { button.className = "is-today"; }
        button.disabled = !!outside(day);
        button.dataset.day = typed(day);
        var td = element("td");
        td.appendChild(button);
        tr.appendChild(td);
        if ((first + d) % 7 === 0 || d === days) {
          body.appendChild(tr);
          tr = element("tr");
        }
      }
    }

    function toggle(show) {
      panel.hidden = !show;
      open.setAttribute("aria-expanded", show ? "true" : "false");
      if (show) {
        var chosen = parse(input.value) || (minDay && iso(now) < iso(minDay) ? minDay : null) ||
          (maxDay && iso(now) > iso(maxDay) ? maxDay : null) || now;
        shown = { y: chosen.y, m: chosen.m };
        draw();
        var pressed = body.querySelector('button[aria-pressed="true"]') || body.querySelector("button:not([disabled])");
        if (pressed) { pressed.focus(); }
      }
    }

    open.addEventListener("click", function () { toggle(panel.hidden); });
    prev.addEventListener("click", function () {
      shown = shown.m === 1 ? { y: shown.y - 1, m: 12 } : { y: shown.y, m: shown.m - 1 };
      draw();
    });
    next.addEventListener("click", function () {
      shown = shown.m === 12 ? { y: shown.y + 1, m: 1 } : { y: shown.y, m: shown.m + 1 };
      draw();
    });
    month.addEventListener("change", function () { shown.m = +month.value; draw(); });
    year.addEventListener("change", function () { shown.y = +year.value; draw(); });
    body.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-day]");
      if (!button || button.disabled) {
        return;
      }
      input.value = button.dataset.day;
      input.dispatchEvent(new Event("input", { bubbles: true }));
      input.dispatchEvent(new Event("change", { bubbles: true }));
      toggle(false);
      input.focus();
    });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        toggle(false);
        open.focus();
      }
    });
  }

  // what tests/web/base/test_thai_date.py runs in node beside core/thaidate.py, and the page's own guard
  window.prongsaiThaiDate = { parse: parse, words: words, typed: typed };

  function scan(root) {
    Array.prototype.forEach.call((root || document).querySelectorAll("input[data-thai-date]"), setup);
  }

  scan(document);
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:load", function (event) { scan(event.target); });
})();
