// Refreshes the overview every 3 s without a reload, and charts the job history (every 30 s).
// Asks before dangerous actions: a button's data-confirm text (which may name an application or queue)
// is read here as data, never pasted into a script, so no name can become code.
(function () {
  // capture phase on the document: runs before the button's own Faces onclick, and stops it when declined
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-confirm]');
    if (button && !button.disabled && !window.confirm(button.getAttribute('data-confirm'))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  var REFRESH_MS = 3000, HISTORY_REFRESH_MS = 30000;
  var chart = new Chart(document.getElementById('rates'), {
    type: 'bar',
    data: { labels: [], datasets: [
      { label: 'processed', data: [], backgroundColor: 'rgba(47,125,50,.7)', stack: 'jobs' },
      { label: 'failed', data: [], backgroundColor: 'rgba(198,40,40,.7)', stack: 'jobs' },
      { label: 'retried', data: [], type: 'line', borderColor: '#ef6c00', pointRadius: 0 },
      { label: 'buried', data: [], type: 'line', borderColor: '#424242', pointRadius: 0 }
    ] },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } }, plugins: { legend: { position: 'bottom' } } }
  });

  // the history's points (from the server, as JSON in a data attribute): [epochMillis, processed, failed, retried, buried]
  function drawHistory() {
    var data = document.getElementById('history-data');
    if (!data) { return; }
    var history = JSON.parse(data.getAttribute('data-history'));
    var hourly = history.step !== 'PT1M';
    chart.data.labels = history.points.map(function (p) {
      var at = new Date(p[0]);
      return hourly ? at.toLocaleDateString([], { weekday: 'short' }) + ' ' + at.getHours() + ':00'
                    : at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    });
    for (var i = 0; i < 4; i++) {
      chart.data.datasets[i].data = history.points.map(function (p) { return p[i + 1]; });
    }
    chart.update();
  }

  faces.ajax.addOnEvent(function (event) {
    if (event.status === 'success') { drawHistory(); }
  });
  drawHistory();
  setInterval(function () {
    var button = document.getElementById('live:refresh');
    if (button && !document.hidden) {
      faces.ajax.request(button, null, { execute: 'live:refresh', render: 'live:overview' });
    }
  }, REFRESH_MS);
  setInterval(function () {
    var button = document.getElementById('history:refresh');
    if (button && !document.hidden) {
      faces.ajax.request(button, null, { execute: 'history', render: 'history:chart' });
    }
  }, HISTORY_REFRESH_MS);
})();
