// Forum enhancements (pages work without them): new posts and threads appear live, and drafts
// are saved on the server while typing and when leaving the page.
/* global EventSource, location, localStorage, URLSearchParams, navigator, addEventListener */
(() => {
  const doc = document;

  // Live thread: each event names a post number; the posts are fetched as the page would show them.
  const posts = doc.getElementById('posts');
  const note = doc.getElementById('live-note');
  if (posts && posts.dataset.live && note && window.EventSource) {
    let shown = Number(posts.dataset.lastId) || 0;
    let fresh = 0;
    let busy = false;
    let wanted = 0;
    const source = new EventSource(posts.dataset.live);
    const fetchNew = async () => {
      if (busy) return;
      busy = true;
      try {
        while (wanted > shown) {
          const res = await fetch(`/forum/t/${posts.dataset.thread}/posts?after=${shown}`, { credentials: 'same-origin' });
          if (!res.ok) break;
          const box = doc.createElement('div');
          box.innerHTML = await res.text();
          const articles = box.querySelectorAll('article.post');
          if (!articles.length) break;
          for (const a of articles) {
            const n = Number(a.id.slice(1));
            if (doc.getElementById(a.id)) continue;
            a.classList.add('post--new');
            posts.appendChild(a);
            fresh++;
            shown = Math.max(shown, n);
          }
        }
      } finally {
        busy = false;
      }
      if (fresh) note.textContent = fresh === 1 ? note.dataset.one : note.dataset.many.replace('{count}', String(fresh));
    };
    source.addEventListener('post', (e) => {
      const d = JSON.parse(e.data);
      wanted = Math.max(wanted, d.number);
      void fetchNew();
    });
  }

  // Live category: new threads are announced with a link to reload the list.
  if (note && note.dataset.live && window.EventSource) {
    let count = 0;
    const source = new EventSource(note.dataset.live);
    source.addEventListener('thread', () => {
      count++;
      note.textContent = '';
      const text = doc.createElement('span');
      text.textContent = `${count === 1 ? note.dataset.one : note.dataset.many.replace('{count}', String(count))} – `;
      const link = doc.createElement('a');
      link.href = location.pathname;
      link.textContent = note.dataset.reload;
      note.append(text, link);
    });
  }

  // Drafts: saved every few seconds while typing, and when the page is left.
  const form = doc.getElementById('composer');
  if (form && form.dataset.draft) {
    const body = form.querySelector('textarea[name="body"]');
    const title = form.querySelector('input[name="title"]');
    const status = doc.getElementById('draft-status');
    const csrf = form.querySelector('input[name="_csrf"]');
    let version = Number(form.dataset.version) || 0;
    let device = '';
    try {
      device = localStorage.getItem('forumDevice') || '';
      if (!device) {
        device = Math.random().toString(36).slice(2, 12);
        localStorage.setItem('forumDevice', device);
      }
    } catch {
      device = 'browser';
    }
    let lastSaved = body.value + '\u0000' + (title ? title.value : '');
    let timer = 0;
    let submitting = false;
    const payload = () => new URLSearchParams({ _csrf: csrf.value, body: body.value, title: title ? title.value : '', version: String(version), device });
    const changed = () => body.value + '\u0000' + (title ? title.value : '') !== lastSaved;
    const save = async () => {
      if (!changed()) return;
      const sent = body.value + '\u0000' + (title ? title.value : '');
      try {
        const res = await fetch(form.dataset.draft, { method: 'POST', body: payload(), credentials: 'same-origin', headers: { accept: 'application/json' } });
        if (!res.ok) throw new Error(String(res.status));
        const out = await res.json();
        lastSaved = sent;
        if (out.version) version = out.version;
        status.textContent = form.dataset.saved;
        if (out.replaced) {
          // Newest wins, but the text it replaced is shown, never silently dropped.
          const box = doc.createElement('div');
          box.className = 'banner banner--info';
          const p = doc.createElement('p');
          p.textContent = form.dataset.replaced;
          const pre = doc.createElement('pre');
          pre.className = 'revision';
          pre.textContent = out.replaced.body;
          box.append(p, pre);
          status.after(box);
        }
      } catch {
        status.textContent = form.dataset.failed;
      }
    };
    const schedule = () => {
      clearTimeout(timer);
      timer = setTimeout(save, 3000);
    };
    body.addEventListener('input', schedule);
    if (title) title.addEventListener('input', schedule);
    form.addEventListener('submit', () => {
      submitting = true;
    });
    const leave = () => {
      if (submitting || !changed()) return;
      navigator.sendBeacon(form.dataset.draft, payload());
      lastSaved = body.value + '\u0000' + (title ? title.value : '');
    };
    addEventListener('pagehide', leave);
    doc.addEventListener('visibilitychange', () => {
      if (doc.visibilityState === 'hidden') leave();
    });
  }
})();
