/** Word lists for demo data that looks British and real enough to demo (all people are fictional). */

export const FIRST_NAMES = [
  'Olivia', 'Amelia', 'Isla', 'Ava', 'Mia', 'Ivy', 'Lily', 'Isabella', 'Rosie', 'Sophia', 'Grace', 'Freya', 'Florence',
  'Willow', 'Evie', 'Poppy', 'Ella', 'Charlotte', 'Sienna', 'Aisha', 'Maryam', 'Zara', 'Priya', 'Chloe', 'Hannah',
  'Megan', 'Bethan', 'Siobhan', 'Niamh', 'Kerry', 'Joanne', 'Claire', 'Sarah', 'Emma', 'Rachel', 'Louise', 'Nicola',
  'Noah', 'Oliver', 'George', 'Arthur', 'Muhammad', 'Leo', 'Harry', 'Oscar', 'Archie', 'Henry', 'Theodore', 'Freddie',
  'Jack', 'Charlie', 'Thomas', 'Alfie', 'Jacob', 'Alexander', 'Finley', 'Ibrahim', 'Yusuf', 'Arjun', 'Kwame', 'Tomasz',
  'Rhys', 'Owen', 'Callum', 'Liam', 'Daniel', 'James', 'Mark', 'Paul', 'Stephen', 'Gareth', 'Darren', 'Lee', 'Craig',
];

export const LAST_NAMES = [
  'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Patel', 'Robinson', 'Wright',
  'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Thomas', 'Clarke', 'Jackson', 'Wood', 'Harris',
  'Edwards', 'Turner', 'Martin', 'Cooper', 'Hill', 'Ward', 'Hughes', 'Moore', 'Clark', 'King', 'Harrison', 'Lewis',
  'Baker', 'Lee', 'Allen', 'Morris', 'Khan', 'Scott', 'Watson', 'Davis', 'Parker', 'James', 'Bennett', 'Young',
  'Phillips', 'Richardson', 'Mitchell', 'Bailey', 'Carter', 'Cook', 'Singh', 'Shaw', 'Bell', 'Collins', 'Morgan',
  'Kelly', 'Begum', 'Miller', 'Cox', 'Hussain', 'Marshall', 'Simpson', 'Price', 'Anderson', 'Adams', 'Chapman', 'Ali',
  'Okafor', 'Mensah', 'Nowak', 'Kowalski', "O'Brien", 'McDonald', 'Fraser', 'Pritchard', 'Lloyd', 'Rees',
];

export const STREETS = [
  'High Street', 'Station Road', 'Church Lane', 'Victoria Road', 'Park Avenue', 'Mill Lane', 'Queens Road',
  'Kings Road', 'The Crescent', 'Manor Way', 'Chapel Street', 'Orchard Close', 'Springfield Road', 'Albert Street',
  'Windsor Drive', 'Meadow View', 'New Road', 'School Lane', 'Grange Road', 'Elm Grove',
];

/** Family court hearing centres of England (the demo's 20 courts), with their service area index. */
export const COURTS: { code: string; town: string; area: number }[] = [
  { code: 'BM', town: 'Birmingham', area: 0 },
  { code: 'CV', town: 'Coventry', area: 0 },
  { code: 'WV', town: 'Wolverhampton', area: 0 },
  { code: 'NG', town: 'Nottingham', area: 0 },
  { code: 'MA', town: 'Manchester', area: 1 },
  { code: 'LV', town: 'Liverpool', area: 1 },
  { code: 'PR', town: 'Preston', area: 1 },
  { code: 'CA', town: 'Carlisle', area: 1 },
  { code: 'LS', town: 'Leeds', area: 2 },
  { code: 'SF', town: 'Sheffield', area: 2 },
  { code: 'NE', town: 'Newcastle upon Tyne', area: 2 },
  { code: 'MB', town: 'Middlesbrough', area: 2 },
  { code: 'ZW', town: 'East London', area: 3 },
  { code: 'ZC', town: 'Central London', area: 3 },
  { code: 'BR', town: 'Bromley', area: 3 },
  { code: 'WD', town: 'Watford', area: 3 },
  { code: 'BS', town: 'Bristol', area: 4 },
  { code: 'EX', town: 'Exeter', area: 4 },
  { code: 'PO', town: 'Portsmouth', area: 4 },
  { code: 'RG', town: 'Reading', area: 4 },
];

export const SERVICE_AREAS = [
  { code: 'MID', name: 'Midlands' },
  { code: 'NW', name: 'North West' },
  { code: 'NE', name: 'North East and Yorkshire' },
  { code: 'LDN', name: 'London' },
  { code: 'SSW', name: 'South and South West' },
];

export const PROVIDERS = [
  { name: 'Brightpath Child Contact Centre', service: 'Supervised contact' },
  { name: 'Harbour Family Contact Services', service: 'Supported contact centre' },
  { name: 'Fresh Start Parenting Programmes', service: 'Planning Together for Children' },
  { name: 'Northern Domestic Abuse Partnership', service: 'Domestic abuse perpetrator programme' },
  { name: 'Meadowbank Family Mediation', service: 'Family mediation' },
  { name: 'Cornerstone Contact Centres', service: 'Supervised contact' },
  { name: 'Kite Family Support', service: 'Family assistance' },
  { name: 'Lighthouse Interpreting Services', service: 'Interpreting' },
  { name: 'Westgate Drug and Alcohol Testing', service: 'Hair strand testing' },
  { name: 'Riverside Child Psychology Practice', service: 'Expert assessments' },
];

export const HEARING_TYPES = [
  'First Hearing Dispute Resolution Appointment',
  'Dispute Resolution Appointment',
  'Fact-finding hearing',
  'Final hearing',
  'Case management hearing',
  'Issues Resolution Hearing',
];

export const REPORT_TYPES = [
  { type: 'Safeguarding letter', title: 'Safeguarding letter to court' },
  { type: 'Section 7 report', title: 'Section 7 welfare report' },
  { type: 'Rule 16.4 analysis', title: "Children's guardian analysis and recommendations" },
  { type: 'Addendum report', title: 'Addendum to the section 7 report' },
];

export const COMPLAINT_SUMMARIES = [
  'The report to court says I missed two contact sessions, but I attended both and have the centre\'s records.',
  'The family court adviser did not speak to my son before writing the recommendations.',
  'I was not told that the safeguarding letter had been sent to court, and it contains my old address.',
  'The officer was dismissive and rude to me on the phone and ended the call.',
  'The contact centre cancelled three sessions without notice and nobody from Cafcass followed it up.',
  'My views about the school move were left out of the report entirely.',
  'The report relies on information from my ex-partner that was never checked with me.',
  'Nobody returned my calls for three weeks before the hearing.',
  'The recommendation for supervised contact is not justified by anything in the report.',
  'The adviser discussed my case in front of my children at the handover.',
  'The interpreter arranged for the interview did not speak my dialect and the notes are wrong.',
  'I was given the wrong date for the meeting and then criticised in the report for not attending.',
];

export const ASPECT_TEXT: Record<string, { description: string; finding: string; remedialAction: string }[]> = {
  PROFESSIONAL_JUDGEMENT: [
    {
      description: 'Disagrees with the recommendation for supervised contact.',
      finding: 'The recommendation followed the risk assessment; the reasoning could have been explained more clearly.',
      remedialAction: 'The complaint and response will be shared with the court.',
    },
  ],
  FACTUAL_ERROR: [
    {
      description: 'The report states two missed contact sessions that were attended.',
      finding: 'The contact centre records confirm attendance; the report was wrong on this point.',
      remedialAction: 'The report will be corrected and the court told before the next hearing.',
    },
  ],
  CASE_MANAGEMENT: [
    {
      description: 'Calls were not returned for three weeks.',
      finding: 'Messages were not passed on during the practitioner\'s leave.',
      remedialAction: 'Team message handling has been changed so that cover is arranged.',
    },
  ],
  STAFF_CONDUCT: [
    {
      description: 'The officer was dismissive and ended a call abruptly.',
      finding: 'The call record supports part of the account.',
      remedialAction: 'Referred to the line manager; the practitioner will reflect on the call in supervision.',
    },
  ],
  PROVIDER_ACTIONS: [
    {
      description: 'The contact centre cancelled sessions without notice.',
      finding: 'The provider has been asked for its account of the cancellations.',
      remedialAction: 'The provider will confirm its notice arrangements.',
    },
  ],
};
