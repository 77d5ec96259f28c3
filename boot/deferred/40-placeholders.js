// A part of the boot loader's deferred module, joined with the others: see 00-scope.js.
  // Placeholders for held iframes, drawn by a module loaded only on pages that have one.
  let placeholders = null;
  const placeholderActions = {
    loadOnce(frame) {
      attr(frame, RELEASED, '');
      attr(frame, 'src', get(frame, 'data-src'));
      removePlaceholder(frame);
    },
    allow(category) {
      if (boot.grant) return boot.grant(category);
      boot.view = 'grant';
      boot.grantCategory = category;
      loadBanner();
    }
  };

  function showPlaceholders() {
    const without = () => all(`iframe[data-category]:not([${RELEASED}])`).filter((frame) => !placeholderOf(frame));
    if (!without().length) return;
    placeholders ||= load('consent-placeholders.js');
    placeholders.then((module) => module?.default(without(), config, placeholderActions));
  }

  function placeholderOf(frame) {
    const box = frame.previousElementSibling;
    return box && has(box, 'data-consent-placeholder') ? box : null;
  }

  function removePlaceholder(frame) {
    placeholderOf(frame)?.remove();
    if (frame.style) frame.style.display = '';
  }
