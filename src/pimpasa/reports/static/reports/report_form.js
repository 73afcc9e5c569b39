/* The officer intake form: more rows of people and organisations, the phone's position, and
   the reporter's identity fields only when the reporter is not anonymous. No inline script: the
   page's CSP allows scripts from this site only. */
(function () {
  "use strict";

  function addRow(formset) {
    var prefix = formset.getAttribute("data-formset");
    var total = formset.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var max = formset.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
    var template = formset.querySelector("template[data-empty-form]");
    var items = formset.querySelector(".rep-formset-items");
    if (!total || !template || !items) { return; }
    var index = parseInt(total.value, 10);
    if (max && index >= parseInt(max.value, 10)) { return; }
    var html = template.innerHTML.replace(/__prefix__/g, String(index));
    items.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var first = items.lastElementChild && items.lastElementChild.querySelector("select, input");
    if (first) { first.focus(); }
  }

  function setUpFormsets() {
    document.querySelectorAll("[data-formset]").forEach(function (formset) {
      var button = formset.querySelector("[data-add-form]");
      if (!button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () { addRow(formset); });
    });
  }

  function setUpLocation() {
    var button = document.getElementById("use-location");
    var status = document.getElementById("location-status");
    var lat = document.getElementById("id_latitude");
    var lon = document.getElementById("id_longitude");
    if (!button || !lat || !lon || !("geolocation" in navigator)) { return; }
    button.hidden = false;
    // The texts come translated from the page; the browser's own error text is often English.
    function text(name) { return button.getAttribute("data-" + name) || ""; }
    var errors = { 1: "denied", 2: "unavailable", 3: "timeout" };
    button.addEventListener("click", function () {
      status.textContent = text("waiting");
      navigator.geolocation.getCurrentPosition(
        function (position) {
          lat.value = position.coords.latitude.toFixed(6);
          lon.value = position.coords.longitude.toFixed(6);
          status.textContent = text("found").replace("{metres}", String(Math.round(position.coords.accuracy)));
        },
        function (error) { status.textContent = text(errors[error.code] || "unavailable"); },
        { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
      );
    });
  }

  function setUpReporter() {
    var fields = document.getElementById("reporter-fields");
    var radios = document.querySelectorAll("input[name='reporter_mode']");
    if (!fields || !radios.length) { return; }
    function update() {
      var checked = document.querySelector("input[name='reporter_mode']:checked");
      fields.hidden = !checked || checked.value === "anonymous";
    }
    radios.forEach(function (radio) { radio.addEventListener("change", update); });
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    setUpFormsets();
    setUpLocation();
    setUpReporter();
  });
})();
