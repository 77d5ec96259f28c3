/*
 * consent-banner placeholders for held embeds (videos, maps): the service's name, "Load once" and
 * "Always allow <category>". The boot loader imports this module only on pages that hold an iframe, so that the script
 * every page pays for stays small; it is JavaScript rather than part of the WASM banner because a returning visitor
 * who refused must see placeholders without downloading the banner.
 *
 * show(frames, config, actions): frames are the held <iframe> elements; actions.loadOnce(frame) and
 * actions.allow(categoryId) are the boot loader's, which alone may set a held URL.
 */
export default function show(frames, config, actions) {
  var texts = config.texts || {};
  var find = function (list, id) { return (list || []).filter(function (item) { return item.id === id; })[0]; };
  frames.forEach(function (frame) {
    var serviceId = frame.getAttribute('data-service');
    var categoryId = frame.getAttribute('data-category');
    var service = find(config.services, serviceId);
    var category = find(config.categories, categoryId);
    var categoryTitle = category ? category.title : categoryId;
    var box = document.createElement('div');
    box.setAttribute('data-consent-placeholder', '');
    box.setAttribute('role', 'group');
    box.className = 'cb-placeholder';
    // Styled through the CSS object model, which a strict Content-Security-Policy allows (style attributes it does not).
    box.style.cssText = 'box-sizing:border-box;display:flex;flex-direction:column;gap:.75em;align-items:center;' +
      'justify-content:center;text-align:center;padding:1em;background:#f2f2f2;color:#1a1a1a;' +
      'border:1px solid #767676;font:15px/1.4 system-ui,sans-serif;max-width:100%;' +
      'width:' + (frame.width ? frame.width + 'px' : '100%') + ';min-height:' + (frame.height || 150) + 'px';
    var message = document.createElement('p');
    message.style.margin = '0';
    message.textContent = (texts.placeholder || '{service} is blocked until you allow {category}.')
      .replace('{service}', service ? service.name : frame.title || serviceId || categoryId)
      .replace('{category}', categoryTitle);
    box.setAttribute('aria-label', message.textContent);
    box.appendChild(message);
    var row = document.createElement('div');
    row.style.cssText = 'display:flex;gap:.5em;flex-wrap:wrap;justify-content:center';
    row.appendChild(button(texts.load_once || 'Load once', 'load-once', function () { actions.loadOnce(frame); }));
    row.appendChild(button((texts.always_allow || 'Always allow {category}').replace('{category}', categoryTitle),
      'always-allow', function () { actions.allow(categoryId); }));
    box.appendChild(row);
    frame.style.display = 'none';
    frame.parentNode.insertBefore(box, frame);
  });
}

function button(label, action, onClick) {
  var b = document.createElement('button');
  b.type = 'button';
  b.textContent = label;
  b.setAttribute('data-consent-action', action);
  b.style.cssText = 'min-height:44px;padding:.5em 1em;border:2px solid #0b57d0;border-radius:8px;background:#fff;' +
    'color:#0b57d0;font:inherit;font-weight:600;cursor:pointer';
  b.addEventListener('click', onClick);
  return b;
}
