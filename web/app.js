/* app.js — the page of parallax serve: one script, no library, no build
 * step. It reads the URL, asks the JSON API (docs/API.md) and draws one of
 * the views:
 *   /                      stories, with search, date and outlet filters
 *   /search?q=             articles matching a full-text query
 *   /story/ID              one story: timeline, outlets, statements, people
 *   /article/ID            one article with its quotations highlighted
 *   /quotes?speaker=NAME   what one person was quoted saying
 * Links change the URL with history.pushState, so every view can be shared,
 * reloaded, and left with the Back button. Every piece of data goes into
 * the page as text (never as HTML). */
'use strict';

(function () {
  var main = document.getElementById('main');
  var PAGE = 50;        // stories per page
  var HITS_IN_LIST = 8; // article hits shown under the story list
  var knownOutlets = {};
  var renderSeq = 0;    // a newer navigation wins over a slower older one

  /* ---------- small helpers ---------- */

  // h('a', {href: '/x', class: 'y'}, 'text', child...): an element.
  function h(tag, attrs) {
    var el = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        var v = attrs[k];
        if (v === null || v === undefined || v === false) return;
        if (k === 'text') el.textContent = v;
        else el.setAttribute(k, v === true ? '' : String(v));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(el, arguments[i]);
    return el;
  }
  function append(el, c) {
    if (c === null || c === undefined || c === false) return;
    if (Array.isArray(c)) { c.forEach(function (x) { append(el, x); }); return; }
    el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
  }
  var SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs) {
    var el = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { el.setAttribute(k, attrs[k]); });
    for (var i = 2; i < arguments.length; i++) {
      var c = arguments[i];
      if (c !== null && c !== undefined) el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c)));
    }
    return el;
  }
  function plural(n, one, many) { return n + ' ' + (n === 1 ? one : many); }
  function outletName(o) { return o ? String(o) : 'no outlet named'; }
  function first(obj, names) {
    for (var i = 0; i < names.length; i++) {
      if (obj && obj[names[i]] !== undefined && obj[names[i]] !== null) return obj[names[i]];
    }
    return undefined;
  }
  function storyHref(id) { return '/story/' + encodeURIComponent(id); }
  function articleHref(id) { return '/article/' + encodeURIComponent(id); }
  function quotesHref(name) { return '/quotes?speaker=' + encodeURIComponent(name); }

  // Calendar days from a to b inclusive ("YYYY-MM-DD"), at most max.
  function dayRange(a, b, max) {
    var out = [];
    var t = Date.UTC(+a.slice(0, 4), +a.slice(5, 7) - 1, +a.slice(8, 10));
    var end = Date.UTC(+b.slice(0, 4), +b.slice(5, 7) - 1, +b.slice(8, 10));
    if (!(t <= end)) return [a];
    while (t <= end && out.length < max) {
      out.push(new Date(t).toISOString().slice(0, 10));
      t += 86400000;
    }
    return out;
  }

  function setTitle(t) { document.title = t ? t + ' — parallax' : 'parallax'; }

  function show() {
    main.textContent = '';
    for (var i = 0; i < arguments.length; i++) append(main, arguments[i]);
  }
  function stateBox(text, isError) {
    return h('p', {class: 'state' + (isError ? ' error' : ''), role: isError ? 'alert' : 'status'}, text);
  }

  /* ---------- the API ---------- */

  function ApiError(status, message) { this.status = status; this.message = message; }
  function api(path, params) {
    var qs = '';
    if (params) {
      var u = new URLSearchParams();
      Object.keys(params).forEach(function (k) {
        if (params[k] !== undefined && params[k] !== null && params[k] !== '') u.set(k, params[k]);
      });
      qs = u.toString();
    }
    return fetch(path + (qs ? '?' + qs : ''), {headers: {Accept: 'application/json'}})
      .then(function (r) {
        return r.text().then(function (body) {
          var data = null;
          try { data = body ? JSON.parse(body) : null; } catch (e) { data = null; }
          if (!r.ok) {
            var msg = data && data.error && data.error.message ? data.error.message : 'the server answered ' + r.status;
            throw new ApiError(r.status, msg);
          }
          if (data === null) throw new ApiError(r.status, 'the server sent something that is not JSON');
          return data;
        });
      }, function () { throw new ApiError(0, 'the server cannot be reached'); });
  }
  function errorText(e, what) {
    if (e instanceof ApiError) {
      if (e.status === 404) return 'Not found: ' + what + '. ' + e.message;
      if (e.status === 0) return 'The server cannot be reached. Is parallax serve still running?';
      return 'Could not load ' + what + ' (' + e.status + '): ' + e.message;
    }
    return 'Could not show ' + what + ': ' + (e && e.message ? e.message : e);
  }

  /* ---------- word diff ---------- */

  // Words of a quotation, compared with typographic marks folded to
  // straight ones (a different quotation mark is not a different word).
  function words(text) { return String(text || '').match(/\S+/g) || []; }
  function foldWord(w) {
    return w.replace(/[\u201c\u201d\u201e\u00ab\u00bb]/g, '"').replace(/[\u2018\u2019\u201a]/g, "'");
  }

  // The variant b against the canonical a, word by word: a list of
  // {op: 'same'|'added'|'omitted'|'changed', text, was}. Longest common
  // subsequence over folded words; an omitted run next to an added run is
  // shown as changed words, pair by pair.
  function wordDiff(aText, bText) {
    var a = words(aText), b = words(bText);
    var n = a.length, m = b.length;
    if (n * m > 250000) { // too long to align: shown as one change
      return [{op: 'changed', text: bText, was: aText}];
    }
    var fa = a.map(foldWord), fb = b.map(foldWord);
    var L = [];
    for (var i = 0; i <= n; i++) L.push(new Uint16Array(m + 1));
    for (i = n - 1; i >= 0; i--) {
      for (var j = m - 1; j >= 0; j--) {
        L[i][j] = fa[i] === fb[j] ? L[i + 1][j + 1] + 1 : Math.max(L[i + 1][j], L[i][j + 1]);
      }
    }
    var raw = [];
    i = 0; j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && fa[i] === fb[j]) { raw.push({op: 'same', text: b[j]}); i++; j++; }
      else if (j < m && (i === n || L[i][j + 1] >= L[i + 1][j])) { raw.push({op: 'added', text: b[j]}); j++; }
      else { raw.push({op: 'omitted', text: a[i]}); i++; }
    }
    // Pair runs of omitted and added words into changed ones.
    var out = [];
    for (var k = 0; k < raw.length;) {
      if (raw[k].op === 'same') { out.push(raw[k]); k++; continue; }
      var om = [], ad = [];
      while (k < raw.length && raw[k].op !== 'same') {
        (raw[k].op === 'omitted' ? om : ad).push(raw[k].text); k++;
      }
      var pairs = Math.min(om.length, ad.length);
      for (var p = 0; p < pairs; p++) out.push({op: 'changed', text: ad[p], was: om[p]});
      for (p = pairs; p < om.length; p++) out.push({op: 'omitted', text: om[p]});
      for (p = pairs; p < ad.length; p++) out.push({op: 'added', text: ad[p]});
    }
    return out;
  }

  function diffView(canonical, variant) {
    var parts = wordDiff(canonical, variant);
    var p = h('p', {class: 'variant-text'});
    var counts = {added: 0, omitted: 0, changed: 0};
    parts.forEach(function (w, idx) {
      if (idx) p.appendChild(document.createTextNode(' '));
      if (w.op === 'same') { p.appendChild(document.createTextNode(w.text)); return; }
      counts[w.op]++;
      if (w.op === 'added') p.appendChild(h('ins', {class: 'w-add', title: 'added'}, w.text));
      else if (w.op === 'omitted') p.appendChild(h('del', {class: 'w-omit', title: 'omitted'}, w.text));
      else p.appendChild(h('span', {class: 'w-chg', title: 'changed from: ' + w.was}, w.text));
    });
    var summary = [];
    if (counts.added) summary.push(plural(counts.added, 'word added', 'words added'));
    if (counts.omitted) summary.push(plural(counts.omitted, 'word omitted', 'words omitted'));
    if (counts.changed) summary.push(plural(counts.changed, 'word changed', 'words changed'));
    return {el: p, summary: summary.length ? summary.join(', ') : 'the same words', counts: counts};
  }

  /* ---------- charts ---------- */

  // Articles per day of a story, as [[date, n], ...], from what the API
  // gives: "days" ([{date, articles}] or {date: n}) or the articles.
  function storyDays(st) {
    var d = first(st, ['days', 'per_day']);
    var map = {};
    if (Array.isArray(d)) {
      d.forEach(function (x) {
        if (Array.isArray(x)) map[x[0]] = (map[x[0]] || 0) + x[1];
        else map[x.date] = (map[x.date] || 0) + (first(x, ['articles', 'count', 'n']) || 0);
      });
    } else if (d && typeof d === 'object') {
      Object.keys(d).forEach(function (k) { map[k] = d[k]; });
    } else if (Array.isArray(st.articles)) {
      st.articles.forEach(function (a) { map[a.date] = (map[a.date] || 0) + 1; });
    } else return null;
    return map;
  }

  function sparkline(st) {
    var map = storyDays(st);
    var a = st.first_date, b = st.last_date;
    if (!map || !a || !b) return h('span', {class: 'spark'});
    var days = dayRange(a, b, 120);
    var max = 1;
    days.forEach(function (d) { max = Math.max(max, map[d] || 0); });
    var w = 100, ht = 24, bw = w / days.length;
    var svg = s('svg', {class: 'spark', viewBox: '0 0 ' + w + ' ' + ht, preserveAspectRatio: 'none',
      role: 'img', 'aria-label': 'articles per day, ' + a + ' to ' + b + ', at most ' + max + ' a day'});
    svg.appendChild(s('line', {class: 'base', x1: 0, y1: ht - .5, x2: w, y2: ht - .5}));
    days.forEach(function (d, i) {
      var n = map[d] || 0;
      if (!n) return;
      var bh = Math.max(2, (ht - 2) * n / max);
      svg.appendChild(s('rect', {x: (i * bw + bw * .1).toFixed(2), y: (ht - bh).toFixed(2),
        width: Math.max(.8, bw * .8).toFixed(2), height: bh.toFixed(2)}, s('title', {}, d + ': ' + plural(n, 'article', 'articles'))));
    });
    return svg;
  }

  // Articles per day and outlet: one row per outlet, a dot per day sized
  // by the count, and a bar row for all outlets together.
  function timeline(articles, outlets, a, b) {
    var days = dayRange(a, b, 366);
    var left = 130, right = 10, top = 22, rowH = 26, colW = Math.max(22, Math.min(60, 640 / days.length));
    var width = left + days.length * colW + right;
    var height = top + (outlets.length + 1) * rowH + 8;
    var count = {}, total = {}, max = 1, maxTotal = 1;
    articles.forEach(function (x) {
      var k = outletName(x.outlet) + '\u0000' + x.date;
      count[k] = (count[k] || 0) + 1;
      total[x.date] = (total[x.date] || 0) + 1;
      max = Math.max(max, count[k]);
      maxTotal = Math.max(maxTotal, total[x.date]);
    });
    var svg = s('svg', {class: 'timeline', viewBox: '0 0 ' + width + ' ' + height, role: 'img',
      'aria-label': 'Timeline: ' + plural(articles.length, 'article', 'articles') + ' from ' + a + ' to ' + b +
        ' by ' + plural(outlets.length, 'outlet', 'outlets')});
    // At most half again its own size; narrower on a small screen.
    svg.setAttribute('width', width);
    svg.style.maxWidth = Math.round(width * 1.5) + 'px';
    // On a phone it keeps a readable size and scrolls sideways in its box.
    svg.style.minWidth = Math.min(width, 520) + 'px';
    var step = Math.ceil(days.length / 14);
    days.forEach(function (d, i) {
      var x = left + i * colW + colW / 2;
      svg.appendChild(s('line', {class: 'grid', x1: x, y1: top - 4, x2: x, y2: height - 6}));
      if (i % step === 0) svg.appendChild(s('text', {x: x, y: 12, 'text-anchor': 'middle'}, d.slice(5)));
    });
    var rows = ['all outlets'].concat(outlets);
    rows.forEach(function (o, r) {
      var y = top + r * rowH + rowH / 2;
      svg.appendChild(s('text', {x: left - 8, y: y + 4, 'text-anchor': 'end', 'data-outlet': r ? o : ''},
        o.length > 20 ? o.slice(0, 19) + '…' : o));
      days.forEach(function (d, i) {
        var x = left + i * colW + colW / 2;
        if (r === 0) {
          var t = total[d] || 0;
          if (!t) return;
          var bh = (rowH - 6) * t / maxTotal;
          svg.appendChild(s('rect', {class: 'total', x: x - colW * .3, y: y + (rowH - 6) / 2 - bh, width: colW * .6, height: bh},
            s('title', {}, d + ': ' + plural(t, 'article', 'articles'))));
          return;
        }
        var n = count[o + '\u0000' + d] || 0;
        if (!n) return;
        var rad = 3 + 7 * Math.sqrt(n / max);
        svg.appendChild(s('circle', {cx: x, cy: y, r: rad.toFixed(1), 'data-date': d, 'data-n': n},
          s('title', {}, o + ', ' + d + ': ' + plural(n, 'article', 'articles'))));
      });
    });
    return svg;
  }

  /* ---------- views ---------- */

  function params() { return new URLSearchParams(location.search); }

  function filterForm(p) {
    var dl = h('datalist', {id: 'outlet-list'});
    Object.keys(knownOutlets).sort().forEach(function (o) { dl.appendChild(h('option', {value: o})); });
    var form = h('form', {class: 'filters', role: 'search', action: '/'},
      h('label', {class: 'q'}, 'Search',
        h('input', {type: 'search', name: 'q', id: 'q', value: p.get('q') || '', placeholder: 'words, "a phrase", prefix*',
          'aria-describedby': 'q-help', autocomplete: 'off'})),
      h('label', {}, 'From', h('input', {type: 'date', name: 'from', value: p.get('from') || ''})),
      h('label', {}, 'To', h('input', {type: 'date', name: 'to', value: p.get('to') || ''})),
      h('label', {}, 'Outlet', h('input', {name: 'outlet', list: 'outlet-list', value: p.get('outlet') || '', autocomplete: 'off'})),
      h('div', {}, h('button', {type: 'submit'}, 'Show')),
      dl);
    form.appendChild(h('span', {id: 'q-help', hidden: true}, 'Press / to come back to this box.'));
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var u = new URLSearchParams();
      ['q', 'from', 'to', 'outlet'].forEach(function (k) {
        var v = form.elements[k].value.trim();
        if (v) u.set(k, v);
      });
      go('/' + (u.toString() ? '?' + u.toString() : ''));
    });
    return form;
  }

  function viewList(seq) {
    var p = params();
    var offset = Math.max(0, parseInt(p.get('offset') || '0', 10) || 0);
    var q = p.get('q') || '';
    var filtered = q || p.get('from') || p.get('to') || p.get('outlet');
    setTitle(q ? 'Stories: ' + q : 'Stories');
    var heading = h('h1', {}, filtered ? 'Stories matching your filters' : 'Stories');
    var results = h('div', {id: 'results'}, stateBox('Loading stories…'));
    show(heading, filterForm(p), results);
    var req = {q: q, from: p.get('from'), to: p.get('to'), outlet: p.get('outlet'), limit: PAGE, offset: offset || null};
    var hits = q ? api('/api/search', {q: q, from: p.get('from'), to: p.get('to'), outlet: p.get('outlet'), limit: HITS_IN_LIST})
      .catch(function (e) { return {error: e}; }) : Promise.resolve(null);
    return Promise.all([api('/api/stories', req), hits]).then(function (r) {
      if (seq !== renderSeq) return;
      var stories = r[0].stories || [];
      stories.forEach(function (st) { (st.outlets || []).forEach(function (o) { if (o) knownOutlets[o] = 1; }); });
      var dl = document.getElementById('outlet-list');
      if (dl) { dl.textContent = ''; Object.keys(knownOutlets).sort().forEach(function (o) { dl.appendChild(h('option', {value: o})); }); }
      results.textContent = '';
      if (!stories.length) {
        results.appendChild(stateBox(offset ? 'No more stories.' : filtered
          ? 'No story matches these filters. Try fewer words, or a wider date range.'
          : 'The store holds no stories yet. Add articles with parallax ingest --db FILE PATH.'));
      } else {
        results.appendChild(h('p', {class: 'count', role: 'status'},
          (offset ? 'Stories ' + (offset + 1) + '–' + (offset + stories.length) : plural(stories.length, 'story', 'stories')) +
          (stories.length === PAGE ? ' (more on the next page)' : '')));
        var ol = h('ol', {class: 'stories'});
        stories.forEach(function (st) {
          var outlets = (st.outlets || []).filter(Boolean);
          ol.appendChild(h('li', {'data-story': st.id},
            h('a', {class: 'label', href: storyHref(st.id)}, st.label || 'Story ' + st.id),
            sparkline(st),
            h('span', {class: 'meta'}, plural(st.size || 0, 'article', 'articles') + ' · ' +
              (st.first_date === st.last_date ? st.first_date : st.first_date + ' to ' + st.last_date) +
              (outlets.length ? ' · ' + outlets.join(', ') : ''))));
        });
        results.appendChild(ol);
        var pager = h('nav', {class: 'pager', 'aria-label': 'pages'});
        var base = new URLSearchParams(location.search);
        if (offset > 0) { base.set('offset', Math.max(0, offset - PAGE)); pager.appendChild(h('a', {href: '/?' + base}, '← Previous')); }
        if (stories.length === PAGE) { base.set('offset', offset + PAGE); pager.appendChild(h('a', {href: '/?' + base}, 'Next →')); }
        results.appendChild(pager);
      }
      if (r[1]) results.appendChild(hitList(r[1], q, true));
    }).catch(function (e) {
      if (seq !== renderSeq) return;
      results.textContent = '';
      results.appendChild(stateBox(errorText(e, 'the stories'), true));
    });
  }

  // A snippet with the store's hit marks (U+0002 ... U+0003) as <mark>.
  function snippet(text) {
    var el = h('span', {class: 'snippet'});
    String(text || '').split('\u0002').forEach(function (part, i) {
      if (i === 0) { append(el, part.replace(/\u0003/g, '')); return; }
      var end = part.indexOf('\u0003');
      if (end < 0) { append(el, part); return; }
      el.appendChild(h('mark', {}, part.slice(0, end)));
      append(el, part.slice(end + 1).replace(/\u0003/g, ''));
    });
    return el;
  }

  function hitList(res, q, short) {
    var box = h('section', {'aria-labelledby': 'hits-h'}, h('h2', {id: 'hits-h'}, 'Articles matching “' + q + '”'));
    if (res.error) { box.appendChild(stateBox(errorText(res.error, 'the search'), true)); return box; }
    var list = res.results || [];
    if (!list.length) { box.appendChild(stateBox('No article matches.')); return box; }
    var ol = h('ol', {class: 'hits'});
    list.forEach(function (x) {
      var id = first(x, ['id', 'article']);
      var story = first(x, ['story']);
      ol.appendChild(h('li', {},
        h('a', {href: articleHref(id)}, x.title || id), ' ',
        h('span', {class: 'meta'}, [x.date, x.outlet].filter(Boolean).join(' · ')),
        story ? [' · ', h('a', {href: storyHref(story), class: 'meta'}, 'its story')] : null,
        h('br'), snippet(first(x, ['snippet', 'text']))));
    });
    box.appendChild(ol);
    if (short && list.length >= HITS_IN_LIST) box.appendChild(h('p', {}, h('a', {href: '/search?q=' + encodeURIComponent(q)}, 'All matching articles →')));
    return box;
  }

  function viewSearch(seq) {
    var q = params().get('q') || '';
    setTitle('Search: ' + q);
    var box = h('div', {}, stateBox('Searching…'));
    show(h('p', {class: 'crumbs'}, h('a', {href: '/?q=' + encodeURIComponent(q)}, '← Stories')),
      h('h1', {}, 'Search'), filterForm(params()), box);
    if (!q) { box.textContent = ''; box.appendChild(stateBox('Type some words to search for.')); return Promise.resolve(); }
    return api('/api/search', {q: q, limit: 100}).catch(function (e) { return {error: e}; }).then(function (res) {
      if (seq !== renderSeq) return;
      box.textContent = '';
      box.appendChild(hitList(res, q, false));
    });
  }

  function groupByOutlet(articles) {
    var by = {}, order = [];
    articles.forEach(function (a) {
      var o = outletName(a.outlet);
      if (!by[o]) { by[o] = []; order.push(o); }
      by[o].push(a);
    });
    // Outlets with the most articles first, then by name.
    order.sort(function (x, y) { return by[y].length - by[x].length || (x < y ? -1 : x > y ? 1 : 0); });
    return {by: by, order: order};
  }

  function reprintOf(a) { return first(a, ['reprint_of', 'dup_of', 'duplicate_of']); }

  function statementView(stm, titles) {
    var variants = first(stm, ['variants']) || [];
    var canonical = first(stm, ['canonical', 'text']) || (variants[0] && variants[0].text) || '';
    var speaker = first(stm, ['speaker']);
    var box = h('article', {class: 'statement'},
      h('div', {class: 'meta'}, speaker ? [h('a', {href: quotesHref(speaker)}, speaker), ' said'] : 'Unattributed',
        ' · ' + plural(variants.length, 'version', 'versions')),
      h('blockquote', {}, canonical));
    var ul = h('ul', {class: 'variants'});
    variants.forEach(function (v) {
      var d = diffView(canonical, v.text || '');
      // printed_by: [{article_id, outlet}] as the store writes it
      var by = first(v, ['printed_by']) || [];
      var outlets = first(v, ['outlets']) || by.map(function (x) { return x.outlet; });
      outlets = outlets.map(outletName).filter(function (o, i, all) { return all.indexOf(o) === i; });
      var arts = first(v, ['articles']) || by.map(function (x) { return x.article_id; });
      ul.appendChild(h('li', {'data-ops': [d.counts.added ? 'added' : '', d.counts.omitted ? 'omitted' : '', d.counts.changed ? 'changed' : ''].filter(Boolean).join(' ')},
        h('div', {class: 'meta'}, h('strong', {}, outlets.length ? outlets.join(', ') : 'no outlet named'), ' · ' + d.summary),
        d.el,
        arts.length ? h('div', {class: 'meta'}, 'in ', arts.map(function (id, i) {
          var aid = typeof id === 'object' ? first(id, ['id', 'article']) : id;
          return [i ? ', ' : '', h('a', {href: articleHref(aid)}, titles[aid] || aid)];
        })) : null));
    });
    box.appendChild(ul);
    return box;
  }

  // "What each outlet adds", when the store has it: {outlet: [...]} or
  // [{outlet, adds|facts|only: [...]}], each item a string or {text}.
  function coverageView(cov) {
    var rows = [];
    if (Array.isArray(cov)) cov.forEach(function (c) { rows.push([c.outlet, first(c, ['adds', 'facts', 'only', 'items']) || [], c.more || 0]); });
    else if (cov && typeof cov === 'object') Object.keys(cov).forEach(function (k) { rows.push([k, cov[k]]); });
    if (!rows.length) return null;
    var grid = h('div', {class: 'adds'});
    rows.forEach(function (r) {
      var items = Array.isArray(r[1]) ? r[1] : [r[1]];
      grid.appendChild(h('section', {class: 'outlet', 'data-outlet': outletName(r[0])}, h('h3', {}, outletName(r[0])),
        items.length ? h('ul', {}, items.map(function (it) {
          if (typeof it !== 'object') return h('li', {}, it);
          var t = first(it, ['text', 'name', 'fact']) || '';
          return h('li', {}, t, it.article ? [' ', h('a', {href: articleHref(it.article), class: 'meta', 'aria-label': 'in ' + it.article}, '→')] : null);
        })) : h('p', {class: 'meta'}, 'nothing the others lack'),
        r[2] ? h('p', {class: 'meta'}, 'and ' + r[2] + ' more') : null));
    });
    return grid;
  }

  function viewStory(seq, id) {
    setTitle('Story ' + id);
    show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), stateBox('Loading story ' + id + '…'));
    return api('/api/stories/' + encodeURIComponent(id)).then(function (r) {
      if (seq !== renderSeq) return;
      var st = r.story || r;
      var articles = (st.articles || []).slice().sort(function (x, y) {
        return x.date < y.date ? -1 : x.date > y.date ? 1 : 0;
      });
      var titles = {};
      articles.forEach(function (a) { titles[a.id] = a.title || a.headline || a.id; });
      var g = groupByOutlet(articles);
      var a0 = st.first_date || (articles[0] && articles[0].date);
      var a1 = st.last_date || (articles.length && articles[articles.length - 1].date);
      setTitle(st.label || 'Story ' + id);
      var parts = [h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')),
        h('h1', {}, st.label || 'Story ' + id),
        h('p', {class: 'meta'}, plural(articles.length || st.size || 0, 'article', 'articles') + ' from ' +
          plural(g.order.length, 'outlet', 'outlets') + ', ' + (a0 === a1 ? a0 : a0 + ' to ' + a1))];

      parts.push(h('h2', {id: 'timeline-h'}, 'Timeline'));
      if (articles.length && a0 && a1) {
        parts.push(h('div', {class: 'timeline-wrap', id: 'timeline', tabindex: 0, 'aria-labelledby': 'timeline-h'},
          timeline(articles, g.order, a0, a1)));
      } else parts.push(stateBox('No dated articles to draw.'));

      parts.push(h('h2', {id: 'outlets-h'}, 'Outlets side by side'));
      var cols = h('div', {class: 'outlets', id: 'outlets'});
      g.order.forEach(function (o) {
        var list = g.by[o];
        var reprints = list.filter(reprintOf).length;
        cols.appendChild(h('section', {class: 'outlet', 'data-outlet': o, 'aria-label': o},
          h('h3', {}, o, ' ', h('span', {class: 'meta'}, '(' + list.length + (reprints ? ', ' + reprints + ' reprinted' : '') + ')')),
          h('ul', {}, list.map(function (a) {
            var rp = reprintOf(a);
            return h('li', {'data-article': a.id},
              h('span', {class: 'meta'}, a.date), ' ',
              h('a', {href: articleHref(a.id)}, a.title || a.headline || a.id),
              rp ? [' ', h('span', {class: 'badge', title: 'reprint of ' + (titles[rp] || rp)}, 'reprint'),
                ' ', h('span', {class: 'meta'}, 'of ', h('a', {href: articleHref(rp)}, titles[rp] || rp))] : null);
          }))));
      });
      parts.push(articles.length ? cols : stateBox('This story has no articles.'));

      var statements = first(st, ['statements']) || [];
      parts.push(h('h2', {id: 'statements-h'}, 'Statements and their versions'));
      if (statements.length) {
        parts.push(h('p', {class: 'legend'}, 'Each version is compared word by word with the first: ',
          h('span', {class: 'w-add'}, 'added'), h('span', {class: 'w-omit'}, 'omitted'), h('span', {class: 'w-chg'}, 'changed'), '(hover or focus for the word it replaced).'));
        var sl = h('div', {id: 'statements'});
        statements.forEach(function (x) { sl.appendChild(statementView(x, titles)); });
        parts.push(sl);
      } else parts.push(stateBox('No statement is quoted by more than one article of this story.'));

      var people = first(st, ['people', 'quoted', 'speakers']) || [];
      parts.push(h('h2', {id: 'people-h'}, 'Who is quoted'));
      if (people.length) {
        parts.push(h('ul', {class: 'people', id: 'people'}, people.map(function (p) {
          var name = typeof p === 'string' ? p : first(p, ['name', 'speaker']);
          var n = typeof p === 'object' ? first(p, ['quotes', 'count', 'n']) : null;
          return h('li', {}, h('a', {href: quotesHref(name)}, name), n ? ' (' + n + ')' : '');
        })));
      } else parts.push(stateBox('Nobody is quoted by name.'));

      // What each outlet adds: computed by the server on demand, so it
      // comes after the rest of the story is drawn.
      var adds = h('div', {id: 'adds', 'aria-live': 'polite'}, stateBox('Comparing the outlets…'));
      parts.push(h('h2', {id: 'adds-h'}, 'What each outlet adds'), adds);
      show(parts);
      return api('/api/stories/' + encodeURIComponent(id) + '/coverage').then(function (c) {
        if (seq !== renderSeq) return;
        adds.textContent = '';
        var cv = c.coverage || {};
        var el = coverageView(cv.outlets || []);
        if (cv.facts !== undefined) {
          adds.appendChild(h('p', {class: 'legend'}, plural(cv.facts, 'fact', 'facts') + ' (sentences) in this story; ' +
            plural(cv.shared || 0, 'is', 'are') + ' carried by more than one outlet. Below, what only one outlet reports.'));
        }
        adds.appendChild(el || stateBox('Only one outlet tells this story.'));
      }, function (e) {
        if (seq !== renderSeq) return;
        adds.textContent = '';
        adds.appendChild(stateBox(errorText(e, 'what each outlet adds'), true));
      });
    }).catch(function (e) {
      if (seq !== renderSeq) return;
      setTitle('Story not shown');
      show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), stateBox(errorText(e, 'story ' + id), true));
    });
  }

  // The text with each quotation marked, at its byte offsets (UTF-8)
  // into the text: offsets are turned into string positions by encoding.
  function markedText(text, quotes) {
    var bytes = new TextEncoder().encode(text);
    var dec = new TextDecoder();
    var spans = quotes.map(function (q, i) {
      return {start: first(q, ['start']), end: first(q, ['end']), q: q, i: i};
    }).filter(function (x) {
      return x.start >= 0 && x.end > x.start && x.end <= bytes.length;
    }).sort(function (x, y) { return x.start - y.start || y.end - x.end; });
    var div = h('div', {class: 'article-text', id: 'article-text'});
    var pos = 0;
    spans.forEach(function (x) {
      if (x.start < pos) return; // inside one already marked
      if (x.start > pos) div.appendChild(document.createTextNode(dec.decode(bytes.subarray(pos, x.start))));
      var who = first(x.q, ['speaker']) || 'speaker unknown';
      div.appendChild(h('mark', {class: 'q', id: 'q' + x.i, tabindex: 0, 'data-start': x.start, 'data-end': x.end,
        title: who + ' (' + (x.q.kind || 'quotation') + ', bytes ' + x.start + '–' + x.end + ')'},
        dec.decode(bytes.subarray(x.start, x.end))));
      pos = x.end;
    });
    if (pos < bytes.length) div.appendChild(document.createTextNode(dec.decode(bytes.subarray(pos))));
    return div;
  }

  function viewArticle(seq, id) {
    setTitle(id);
    show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), stateBox('Loading the article…'));
    return api('/api/articles/' + encodeURIComponent(id)).then(function (r) {
      if (seq !== renderSeq) return;
      var a = r.article || r;
      var quotes = first(a, ['quotes', 'quotations']) || [];
      var story = first(a, ['story']);
      setTitle(a.title || a.id);
      var crumbs = h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories'));
      if (story) append(crumbs, [' · ', h('a', {href: storyHref(story)}, 'its story')]);
      var rp = reprintOf(a);
      show(crumbs,
        h('h1', {}, a.title || a.id),
        h('p', {class: 'meta'}, [a.date, outletName(a.outlet), a.author ? 'by ' + a.author : null].filter(Boolean).join(' · '),
          a.url ? [' · ', h('a', {href: a.url, rel: 'noopener noreferrer nofollow'}, 'original')] : null,
          rp ? [' · ', h('span', {class: 'badge'}, 'reprint'), ' of ', h('a', {href: articleHref(rp)}, rp)] : null),
        h('p', {class: 'legend'}, plural(quotes.length, 'quotation', 'quotations') + ' marked in the text' +
          (quotes.length ? '; Tab moves from one to the next.' : '.')),
        markedText(a.text || '', quotes),
        quotes.length ? [h('h2', {}, 'Quotations'), h('ol', {class: 'quote-list'}, quotes.map(function (q, i) {
          var who = first(q, ['speaker']);
          var text = String(q.text || '');
          return h('li', {}, h('a', {href: '#q' + i, 'data-jump': 'q' + i}, q.kind || 'quotation'), ' · ',
            who ? h('a', {href: quotesHref(who)}, who) : 'speaker unknown',
            text ? h('span', {class: 'meta'}, ': ' + (text.length > 90 ? text.slice(0, 89) + '…' : text)) : null);
        }))] : null);
    }).catch(function (e) {
      if (seq !== renderSeq) return;
      setTitle('Article not shown');
      show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), stateBox(errorText(e, 'article ' + id), true));
    });
  }

  function viewQuotes(seq) {
    var who = params().get('speaker') || '';
    setTitle('Quoted: ' + who);
    show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), h('h1', {}, 'What ' + (who || '…') + ' was quoted saying'),
      stateBox('Loading…'));
    if (!who) { show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), stateBox('No person named: add ?speaker=NAME to the address.')); return Promise.resolve(); }
    return api('/api/quotes', {speaker: who, limit: 200}).then(function (r) {
      if (seq !== renderSeq) return;
      var list = r.quotes || [];
      var body = list.length ? h('ol', {class: 'hits', id: 'quotes'}, list.map(function (q) {
        var aid = first(q, ['article', 'article_id', 'id']);
        return h('li', {}, h('q', {}, first(q, ['text', 'content']) || ''), h('br'),
          h('span', {class: 'meta'}, [q.date, outletName(q.outlet)].join(' · '), ' · ',
            h('a', {href: articleHref(aid)}, q.title || aid),
            q.story ? [' · ', h('a', {href: storyHref(q.story)}, 'its story')] : null));
      })) : stateBox('No quotation of ' + who + ' is stored.');
      show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), h('h1', {}, 'What ' + who + ' was quoted saying'),
        list.length ? h('p', {class: 'count'}, plural(list.length, 'quotation', 'quotations')) : null, body);
    }).catch(function (e) {
      if (seq !== renderSeq) return;
      show(h('p', {class: 'crumbs'}, h('a', {href: '/'}, '← Stories')), stateBox(errorText(e, 'the quotations of ' + who), true));
    });
  }

  /* ---------- routing ---------- */

  function render(focus) {
    var seq = ++renderSeq;
    document.body.removeAttribute('data-view-ready');
    var path = location.pathname;
    var m, done;
    if (path === '/' || path === '') done = viewList(seq);
    else if (path === '/search') done = viewSearch(seq);
    else if (path === '/quotes') done = viewQuotes(seq);
    else if ((m = /^\/story\/([^/]+)$/.exec(path))) done = viewStory(seq, decodeURIComponent(m[1]));
    else if ((m = /^\/article\/([^/]+)$/.exec(path))) done = viewArticle(seq, decodeURIComponent(m[1]));
    else {
      setTitle('Not found');
      show(stateBox('There is no such page here.', true), h('p', {}, h('a', {href: '/'}, 'All stories')));
      done = Promise.resolve();
    }
    Promise.resolve(done).then(function () {
      if (seq !== renderSeq) return;
      document.body.setAttribute('data-view-ready', String(seq));
      if (focus) {
        var h1 = main.querySelector('h1');
        if (h1) { h1.setAttribute('tabindex', '-1'); h1.focus({preventScroll: true}); }
      }
    });
  }

  function go(url) {
    history.pushState(null, '', url);
    window.scrollTo(0, 0);
    render(true);
  }

  document.addEventListener('click', function (ev) {
    if (ev.defaultPrevented || ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) return;
    var a = ev.target.closest ? ev.target.closest('a') : null;
    if (!a || a.target || a.hasAttribute('download')) return;
    var jump = a.getAttribute('data-jump');
    if (jump) {
      var t = document.getElementById(jump);
      ev.preventDefault(); // no fragment in the URL: it stays the view's
      if (t) { t.focus(); t.scrollIntoView({block: 'center'}); }
      return;
    }
    var url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.indexOf('/api/') === 0) return;
    ev.preventDefault();
    if (url.pathname + url.search === location.pathname + location.search) return;
    go(url.pathname + url.search);
  });

  window.addEventListener('popstate', function () { render(false); });

  // "/" jumps to the search box, as on many sites; Escape leaves it.
  document.addEventListener('keydown', function (ev) {
    var t = ev.target, typing = t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.isContentEditable);
    if (ev.key === '/' && !typing && !ev.ctrlKey && !ev.metaKey && !ev.altKey) {
      var q = document.getElementById('q');
      if (!q) { go('/'); return; }
      ev.preventDefault();
      q.focus();
      q.select();
    } else if (ev.key === 'Escape' && typing) t.blur();
  });

  // Exposed for the browser test and for anyone curious in the console.
  window.parallax = {wordDiff: wordDiff};
  render(false);
})();
