/** What fits an ask message within Block Kit's limits (section text 3,000 after escaping). */
export const ASK_TEXT_MAX = 2000;
export const ASK_DETAILS_MAX = 2000;
/** Volunteers named on the ask message; the rest are counted. */
export const VOLUNTEERS_SHOWN = 10;
/** Volunteers named in the thank-you reply (each is pinged, so it is about them). */
export const THANKED_MAX = 50;
