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
