// The postMessage side of docs-example.html: buttons drive the iframe, and
// replies are accepted only from that iframe, on the embed's origin.
(function () {
  const frame = document.getElementById('frame');
  const out = document.getElementById('stats');
  const embedOrigin = new URL(frame.src, location.href).origin;
  const send = (message) => frame.contentWindow.postMessage(message, embedOrigin);

  window.addEventListener('message', (e) => {
    if (e.source !== frame.contentWindow || e.origin !== embedOrigin) return;
    const d = e.data;
    if (d.type === 'svcviz:ready') out.textContent = 'Embed ready.';
    else if (d.type === 'svcviz:error') out.textContent = 'Error: ' + d.message;
    else if (d.type === 'svcviz:stats') {
      out.textContent = d.pods
        .filter((p) => p.namespace !== 'kube-system')
        .map((p) => p.name + ': ' + p.received)
        .join(', ');
    }
  });

  document.querySelector('.api').addEventListener('click', async (e) => {
    const b = e.target.closest('button');
    if (!b) return;
    if (b.dataset.mode) send({ type: 'svcviz:set-mode', mode: b.dataset.mode });
    else if (b.dataset.cmd) send({ type: b.dataset.cmd });
    else if (b.dataset.load) {
      const res = await fetch(b.dataset.load);
      send({ type: 'svcviz:load', yaml: await res.text() });
    }
  });
})();
