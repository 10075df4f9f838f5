/**
 * A date as Slack shows dates: in each reader's own locale and time zone ("Friday, Dec 4"), with
 * the ISO day as the fallback for clients (and notifications) that cannot render it.
 * A calendar day (a deadline, 'YYYY-MM-DD') is placed at noon UTC so it reads as the same day
 * in nearly every time zone.
 */
export function slackDate(when: Date | string): string {
  const at = typeof when === 'string' ? new Date(`${when}T12:00:00Z`) : when;
  if (Number.isNaN(at.getTime())) return typeof when === 'string' ? when : '';
  const unix = Math.floor(at.getTime() / 1000);
  return `<!date^${unix}^{date_short_pretty}|${at.toISOString().slice(0, 10)}>`;
}
