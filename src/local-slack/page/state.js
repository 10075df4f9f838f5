// What the page knows and how it talks to the demo: who you are, the state shown, and actions.

export const ui = {
  as: new URLSearchParams(location.search).get('as') ?? localStorage.getItem('as') ?? '',
  place: { kind: 'channel', id: '' },
  thread: undefined,
  state: undefined,
  drawn: {},
};
export const $ = (id) => document.getElementById(id);

export function toast(message, bad = false) {
  const t = $('toast');
  t.textContent = message;
  t.className = bad ? 'bad' : '';
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    t.hidden = true;
  }, 6000);
}

export async function post(body) {
  const res = await fetch('/api/do', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ as: ui.as, ...body }),
  });
  const answer = await res.json().catch(() => ({}));
  if (!res.ok) toast(answer.error ?? `Failed (${res.status})`, true);
  return answer;
}

export const person = (id) => ui.state?.people.find((p) => p.id === id);
export const names = {
  person: (id) => (id === ui.state?.bot ? 'Who Can Help' : (person(id)?.name ?? id)),
  channel: (id) => ui.state?.channels.find((c) => c.id === id)?.name ?? id,
};
export const dmName = (id) =>
  id === `D${ui.as}`
    ? 'Who Can Help'
    : (id.slice(1).match(/[UW][A-Z0-9]+/g) ?? [])
        .filter((u) => u !== ui.as)
        .map(names.person)
        .join(', ');
export const placeName = (id) => (id.startsWith('D') ? dmName(id) : `#${names.channel(id)}`);
export const initials = (name) =>
  name
    .split(/\s+/)
    .map((w) => w[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();

/** What every Block Kit drawing needs: names, pickers' sources, and where its actions go. */
export function blockContext(act, extra = {}) {
  return {
    names,
    people: ui.state.people,
    channels: ui.state.channels,
    act,
    suggest: async (blockId, actionId, value) => {
      const answer = await post({
        kind: 'suggest',
        viewId: extra.viewId,
        block_id: blockId,
        action_id: actionId,
        value,
      });
      return answer.options ?? (answer.option_groups ?? []).flatMap((g) => g.options);
    },
    ...extra,
  };
}
