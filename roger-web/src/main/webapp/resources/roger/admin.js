// Refreshes the overview every 3 s without a reload, and charts processed and failed jobs per second.
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

  var REFRESH_MS = 3000, POINTS = 100; // 5 minutes
  var previous = null;
  var chart = new Chart(document.getElementById('rates'), {
    type: 'line',
    data: { labels: [], datasets: [
      { label: 'processed/s', data: [], borderColor: '#2f7d32', backgroundColor: 'rgba(47,125,50,.15)', fill: true, tension: .3, pointRadius: 0 },
      { label: 'failed/s', data: [], borderColor: '#c62828', backgroundColor: 'rgba(198,40,40,.15)', fill: true, tension: .3, pointRadius: 0 }
    ] },
    options: { animation: false, responsive: true, scales: { y: { beginAtZero: true } }, plugins: { legend: { position: 'bottom' } } }
  });

  function sample() {
    var totals = document.getElementById('totals');
    if (!totals) { return; }
    var now = Date.now(), processed = +totals.dataset.processed, failed = +totals.dataset.failed;
    if (previous) {
      var seconds = (now - previous.at) / 1000;
      push(new Date(now).toLocaleTimeString(),
           Math.max(0, (processed - previous.processed) / seconds), Math.max(0, (failed - previous.failed) / seconds));
    }
    previous = { at: now, processed: processed, failed: failed };
  }

  function push(label, processedRate, failedRate) {
    chart.data.labels.push(label);
    chart.data.datasets[0].data.push(processedRate.toFixed(2));
    chart.data.datasets[1].data.push(failedRate.toFixed(2));
    if (chart.data.labels.length > POINTS) {
      chart.data.labels.shift();
      chart.data.datasets.forEach(function (d) { d.data.shift(); });
    }
    chart.update();
  }

  faces.ajax.addOnEvent(function (event) {
    if (event.status === 'success') { sample(); }
  });
  sample();
  setInterval(function () {
    var button = document.getElementById('live:refresh');
    if (button && !document.hidden) {
      faces.ajax.request(button, null, { execute: 'live:refresh', render: 'live:overview' });
    }
  }, REFRESH_MS);
})();
