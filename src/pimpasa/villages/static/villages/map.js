/* The risk map: kecamatan or kab/kota points coloured by their villages' scores, DBI villages clustered.
 *
 * Data comes from the JSON endpoint named in #village-map-config (json_script); colours come from
 * villages.css through band-* classes, so the HTML legend and the markers always agree and the map
 * works without tiles. Popups are built from DOM nodes (text only), never from HTML strings.
 */
(function () {
  "use strict";

  var AUTO_DISTRICT_ZOOM = 9;
  var INDONESIA = [[-11.2, 94.7], [6.3, 141.1]];

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function format(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (_match, key) {
      return values[key] === undefined ? "" : String(values[key]);
    });
  }

  function radius(count) {
    return Math.max(5, Math.min(26, 3 + Math.sqrt(count) * 1.8));
  }

  function start() {
    var root = document.getElementById("village-map");
    var configNode = document.getElementById("village-map-config");
    if (!root || !configNode || !window.L) return;
    var cfg = JSON.parse(configNode.textContent);
    var labels = cfg.labels;
    var form = document.getElementById("vmap-controls");
    var statusNode = document.getElementById("vmap-status");

    // markercluster needs a maxZoom even when no tile layer sets one.
    var map = L.map(root, { attributionControl: Boolean(cfg.tileUrl), zoomSnap: 0.5, minZoom: 3, maxZoom: 18 });
    if (cfg.tileUrl) {
      L.tileLayer(cfg.tileUrl, { maxZoom: 18, attribution: cfg.tileAttribution || "" }).addTo(map);
      root.classList.add("has-tiles");
    } else {
      root.classList.add("no-tiles");
    }
    map.fitBounds(INDONESIA);
    var areas = L.layerGroup().addTo(map);
    var dbi = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 36 }).addTo(map);

    var fitted = false;
    var loadedLevel = null;
    var request = 0;

    function chosenLevel() {
      var level = form.elements.level.value;
      if (level !== "auto") return level;
      if (cfg.areaScope || map.getZoom() >= AUTO_DISTRICT_ZOOM) return "district";
      return "regency";
    }

    function params(level) {
      var query = new URLSearchParams();
      query.set("level", level);
      query.set("agg", form.elements.agg.value);
      if (form.elements.band.value) query.set("band", form.elements.band.value);
      if (form.elements.dbi.value) query.set("dbi", form.elements.dbi.value);
      return query;
    }

    function listLink(code) {
      var query = new URLSearchParams();
      query.set("region", code);
      if (form.elements.band.value) query.set("band", form.elements.band.value);
      if (form.elements.dbi.value) query.set("dbi", form.elements.dbi.value);
      return cfg.listUrl + "?" + query.toString();
    }

    function bandText(band) {
      return band ? cfg.bands[band] : labels.noScore;
    }

    function areaPopup(point, agg) {
      var box = el("div", "vmap-popup");
      box.appendChild(el("p", "title", point.name));
      if (point.parent) box.appendChild(el("p", "muted", point.parent));
      box.appendChild(el("p", null, point.villages + " " + labels.villages + " (" + point.scored + " " + labels.scored + ")"));
      var score = point.score === null ? "—" : point.score.toFixed(1);
      box.appendChild(el("p", null, (agg === "mean" ? labels.mean : labels.highest) + ": " + score + " · " + bandText(point.band)));
      if (point.dbi) box.appendChild(el("p", null, labels.dbi + ": " + point.dbi));
      var link = el("a", null, labels.openList);
      link.href = listLink(point.code);
      box.appendChild(el("p")).appendChild(link);
      return box;
    }

    function villagePopup(village) {
      var box = el("div", "vmap-popup");
      box.appendChild(el("p", "title", village.name));
      box.appendChild(el("p", "muted", village.district));
      box.appendChild(el("p", null, cfg.statuses[village.status] || village.status));
      var score = village.score === null ? "—" : village.score.toFixed(1);
      box.appendChild(el("p", null, score + " · " + bandText(village.band)));
      if (!village.exact) box.appendChild(el("p", "muted", labels.approximate));
      var link = el("a", null, labels.openVillage);
      link.href = cfg.detailUrl.replace(cfg.placeholder, village.code);
      box.appendChild(el("p")).appendChild(link);
      return box;
    }

    function draw(data, query) {
      areas.clearLayers();
      dbi.clearLayers();
      var areaMarkers = data.points.map(function (point) {
        var marker = L.circleMarker([point.lat, point.lon], {
          radius: radius(point.villages),
          className: "vmap-area band-" + (point.band || "none"),
          weight: 1.5,
        });
        marker.bindPopup(areaPopup(point, data.agg));
        marker.bindTooltip(point.name);
        return marker;
      });
      areaMarkers.forEach(function (marker) { areas.addLayer(marker); });
      dbi.addLayers(data.dbi.map(function (village) {
        var icon = L.divIcon({
          className: "vmap-dbi band-" + (village.band || "none") + (village.exact ? "" : " approx"),
          iconSize: [14, 14],
          html: "",
        });
        var marker = L.marker([village.lat, village.lon], { icon: icon, keyboard: true, title: village.name });
        marker.bindPopup(villagePopup(village));
        return marker;
      }));
      var summary = format(labels.summary, { points: data.points.length, dbi: data.dbi.length });
      if (data.missing) summary += " " + format(labels.missing, { missing: data.missing });
      statusNode.textContent = summary;
      root.setAttribute("data-loaded-level", data.level);
      root.setAttribute("data-query", query);
      root.setAttribute("data-points", String(data.points.length));
      if (!fitted) {
        fitted = true;
        if (data.bounds) map.fitBounds(data.bounds, { padding: [24, 24], maxZoom: 11 });
      }
    }

    function load() {
      var level = chosenLevel();
      loadedLevel = level;
      var mine = ++request;
      var query = params(level).toString();
      statusNode.textContent = labels.loading;
      fetch(cfg.api + "?" + query, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then(function (response) {
          if (!response.ok) throw new Error(String(response.status));
          return response.json();
        })
        .then(function (data) {
          if (mine === request) draw(data, query);
        })
        .catch(function () {
          if (mine === request) statusNode.textContent = labels.failed;
        });
    }

    form.addEventListener("change", load);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      load();
    });
    map.on("zoomend", function () {
      if (fitted && chosenLevel() !== loadedLevel) load();
    });
    load();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
