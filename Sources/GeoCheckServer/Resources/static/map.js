// Draws a page's map from its GeoJSON (data-geojson): on the screening page the right, the
// zones coloured by severity, the overlaps and the retained part; on a mine's page the licence,
// the footprints of the recorded checks and the parts outside the licence (the latest check's
// drawn strongest). Every shape answers a click with what it is.
(function () {
  var element = document.getElementById('map');
  if (!element) return;
  var map = L.map(element);
  map.attributionControl.setPrefix('<a href="/static/LEAFLET-LICENSE">Leaflet</a>');  // no external link
  var tiles = element.getAttribute('data-tiles');
  if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
  var colours = { prohibited: '#b00020', restricted: '#e08a00', near: '#c9b800' };
  var styles = {
    right: function () { return { color: '#1f4e79', weight: 2, fill: false }; },
    retained: function () { return { color: '#1b8a2e', weight: 3, dashArray: '8 5', fillColor: '#1b8a2e', fillOpacity: 0.15 }; },
    overlap: function (p) { return { color: '#000', weight: 1, fillColor: colours[p.severity] || '#b00020', fillOpacity: 0.7 }; },
    zone: function (p) { return { color: colours[p.severity] || '#888', weight: 1, fillOpacity: 0.15, dashArray: p.near ? '4' : null }; },
    licence: function () { return { color: '#1f4e79', weight: 3, fill: false }; },
    footprint: function (p) { return { color: '#52606d', weight: 1, fillColor: '#7a8a99', fillOpacity: p.latest ? 0.35 : 0.1, dashArray: p.latest ? null : '3' }; },
    outside: function (p) { return { color: '#b00020', weight: p.latest ? 2 : 1, fillColor: '#b00020', fillOpacity: p.latest ? 0.75 : 0.25 }; }
  };
  function label(p) {
    if (p.kind === 'zone') return p.layer + ': ' + (p.name || p.id) + (p['class'] ? ' (' + p['class'] + ')' : '') + ' — ' + p.severity + (p.area_mu != null ? ', ' + p.area_mu + ' 亩' : '');
    if (p.kind === 'overlap') return p.layer + ': ' + (p.name || p.id) + ' ∩ ' + p.right + ', ' + p.area_mu + ' 亩';
    if (p.kind === 'retained') return 'retained ' + p.right + ', ' + p.area_mu + ' 亩';
    if (p.kind === 'licence') return 'licence ' + p.mine;
    if (p.kind === 'footprint') return 'footprint ' + p.date;
    if (p.kind === 'outside') return 'outside the licence ' + p.date + (p.area_mu != null ? ', ' + p.area_mu.toFixed(2) + ' 亩' : '');
    return p.kind + ' ' + (p.right || '');
  }
  function count(data, kind) {
    return String(data.features.filter(function (f) { return f.properties.kind === kind; }).length);
  }
  fetch(element.getAttribute('data-geojson'), { credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) { return (styles[feature.properties.kind] || styles.zone)(feature.properties); },
        onEachFeature: function (feature, shape) { shape.bindPopup(label(feature.properties)); }
      }).addTo(map);
      layer.eachLayer(function (shape) { if (shape.feature.properties.kind === 'outside') shape.bringToFront(); });
      element.setAttribute('data-features', String(data.features.length));
      ['overlap', 'licence', 'footprint', 'outside'].forEach(function (kind) { element.setAttribute('data-' + kind + 's', count(data, kind)); });
      if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
      else map.setView([30, 110], 4);
    });
})();
