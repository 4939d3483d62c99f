// Draws the screening result: the right, the zones coloured by severity, the overlaps and the
// retained part. Zones answer a click with their name, class and area.
(function () {
  var element = document.getElementById('map');
  if (!element) return;
  var map = L.map(element);
  var tiles = element.getAttribute('data-tiles');
  if (tiles) L.tileLayer(tiles, { maxZoom: 19 }).addTo(map);
  var colours = { prohibited: '#b00020', restricted: '#e08a00', near: '#c9b800' };
  fetch(element.getAttribute('data-geojson'), { credentials: 'same-origin' })
    .then(function (response) { return response.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var p = feature.properties;
          if (p.kind === 'right') return { color: '#1f4e79', weight: 2, fill: false };
          if (p.kind === 'retained') return { color: '#1b8a2e', weight: 3, dashArray: '8 5', fillColor: '#1b8a2e', fillOpacity: 0.15 };
          if (p.kind === 'overlap') return { color: '#000', weight: 1, fillColor: colours[p.severity] || '#b00020', fillOpacity: 0.7 };
          return { color: colours[p.severity] || '#888', weight: 1, fillOpacity: 0.15, dashArray: p.near ? '4' : null };
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties, text = '';
          if (p.kind === 'zone') text = p.layer + ': ' + (p.name || p.id) + (p['class'] ? ' (' + p['class'] + ')' : '') + ' — ' + p.severity + (p.area_mu != null ? ', ' + p.area_mu + ' 亩' : '');
          else if (p.kind === 'overlap') text = p.layer + ': ' + (p.name || p.id) + ' ∩ ' + p.right + ', ' + p.area_mu + ' 亩';
          else if (p.kind === 'retained') text = 'retained ' + p.right + ', ' + p.area_mu + ' 亩';
          else text = p.kind + ' ' + (p.right || '');
          shape.bindPopup(text);
        }
      }).addTo(map);
      element.setAttribute('data-features', String(data.features.length));
      element.setAttribute('data-overlaps', String(data.features.filter(function (f) { return f.properties.kind === 'overlap'; }).length));
      if (layer.getBounds().isValid()) map.fitBounds(layer.getBounds());
      else map.setView([30, 110], 4);
    });
})();
