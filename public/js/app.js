// Progressive enhancement only; pages work without it.
// form[data-confirm] asks first; no double submits; show/hide password button.
(() => {
  const doc = document;
  const data = doc.documentElement.dataset;

  doc.addEventListener('submit', (event) => {
    const form = event.target;
    if (!form || form.tagName !== 'FORM') return;
    if (form.dataset.busy) {
      event.preventDefault();
      return;
    }
    const question = form.dataset.confirm;
    if (question && !window.confirm(question)) {
      event.preventDefault();
      return;
    }
    if (event.defaultPrevented) return;
    // Hide shown passwords again before they are sent.
    for (const b of form.querySelectorAll('[data-password-toggle][data-revealed="1"]')) b.click();
    // aria-disabled, not disabled: a disabled submitter would drop its name and value.
    const buttons = form.querySelectorAll('button:not([type]), [type="submit"]');
    form.dataset.busy = '1';
    for (const b of buttons) b.setAttribute('aria-disabled', 'true');
    setTimeout(() => {
      delete form.dataset.busy;
      for (const b of buttons) b.removeAttribute('aria-disabled');
    }, 5000);
  });

  // Place fields suggest German places and postcodes as one types (native datalist; the server
  // resolves whatever is typed, so the page works the same without this).
  for (const input of doc.querySelectorAll('.finder #near, input#place')) {
    const list = doc.createElement('datalist');
    list.id = `${input.id}-suggestions`;
    input.after(list);
    input.setAttribute('list', list.id);
    let timer;
    let asked = '';
    input.addEventListener('input', () => {
      clearTimeout(timer);
      const q = input.value.trim();
      if (q.length < 2 || q === asked) return;
      timer = setTimeout(async () => {
        asked = q;
        try {
          const res = await fetch(`/api/v1/places?q=${encodeURIComponent(q)}`, { headers: { accept: 'application/json' } });
          if (!res.ok) return;
          const { items } = await res.json();
          list.replaceChildren(...items.map((p) => {
            const option = doc.createElement('option');
            option.value = p.postcode ? `${p.postcode} ${p.label}` : p.label;
            option.label = p.region;
            return option;
          }));
        } catch { /* offline: the field still works as plain text */ }
      }, 150);
    });
  }

  const show = data.showPassword;
  const hide = data.hidePassword;
  if (!show || !hide) return;
  for (const input of doc.querySelectorAll('.field input[type="password"]')) {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'link-button';
    button.textContent = show;
    button.dataset.passwordToggle = '';
    if (input.id) button.setAttribute('aria-controls', input.id);
    button.addEventListener('click', () => {
      const reveal = input.type === 'password';
      input.type = reveal ? 'text' : 'password';
      button.textContent = reveal ? hide : show;
      button.dataset.revealed = reveal ? '1' : '';
    });
    input.after(button);
  }
})();

// Reflection answers save themselves as the person types (the form's button still works without this),
// and share blocks get a copy button and the browser's share sheet where it has one.
(() => {
  const doc = document;

  for (const status of doc.querySelectorAll('[data-autosave-status]')) {
    const form = status.closest('form');
    const field = form && form.querySelector('textarea');
    if (!field) continue;
    let timer;
    let sent = field.value;
    const save = async () => {
      if (field.value === sent) return;
      const value = field.value;
      status.textContent = status.dataset.saving;
      try {
        const res = await fetch(form.action, {
          method: 'POST',
          headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
          body: new window.URLSearchParams(new window.FormData(form)).toString(),
          credentials: 'same-origin',
        });
        if (!res.ok) throw new Error(String(res.status));
        const answer = await res.json();
        sent = value;
        status.textContent = status.dataset.saved;
        const help = doc.getElementById('help-box');
        if (help && answer.crisis) help.hidden = false;
      } catch {
        status.textContent = status.dataset.failed;
      }
    };
    field.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(save, 1200);
    });
    field.addEventListener('blur', () => {
      clearTimeout(timer);
      save();
    });
  }

  for (const block of doc.querySelectorAll('[data-share-url]')) {
    const url = block.dataset.shareUrl;
    const title = block.dataset.shareTitle || doc.title;
    const status = block.querySelector('[data-share-status]');
    const copy = block.querySelector('[data-share-copy]');
    if (copy && window.navigator.clipboard) {
      copy.hidden = false;
      copy.addEventListener('click', async () => {
        try {
          await window.navigator.clipboard.writeText(url);
          if (status) status.textContent = copy.dataset.copied;
        } catch { /* the link is still in the page */ }
      });
    }
    const native = block.querySelector('[data-share-native]');
    if (native && window.navigator.share) {
      native.hidden = false;
      native.addEventListener('click', () => window.navigator.share({ title, url }).catch(() => undefined));
    }
    // With a script, the Mastodon form goes straight to the person's own instance.
    const mastodon = block.querySelector('[data-share-mastodon]');
    if (mastodon) {
      mastodon.addEventListener('submit', (event) => {
        const raw = (mastodon.elements.instance.value || '').trim().toLowerCase()
          .replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^@?[^@]*@/, '');
        if (!/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(raw)) return;
        event.preventDefault();
        window.location.href = `https://${raw}/share?text=${encodeURIComponent(`${title} ${url}`)}`;
      });
    }
  }
})();
