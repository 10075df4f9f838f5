/** Asks as people write them, for the benchmarks to post and to match. */
export const ASK_TEXTS = [
  'We want to start a blog for the charity, who can help with writing, photography and social media?',
  'Can anyone review a Python script that cleans our survey data before Friday?',
  'Looking for someone who knows Power BI to build a dashboard for the board',
  'Who could run a half-day workshop on plain English for the policy team?',
  'Need a Welsh speaker to check a translation of our leaflet',
  'Is there anyone who has organised a hackathon or a large online event?',
  'Our sourdough club needs someone to lead beekeeping sessions in the spring',
  'help with a budget spreadsheet in Excel and some financial modelling please',
];
