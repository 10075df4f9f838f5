/** Live mass mentions in outgoing text: what would ping a channel, a workspace or a user group. */
export function liveMentions(text: string): string[] {
  return text.match(/<!(channel|here|everyone|subteam\^)[^>]*>/g) ?? [];
}
