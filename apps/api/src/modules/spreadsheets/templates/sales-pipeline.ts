import type { CreateColumnDto } from '@contrivance/contracts';

/** Stage options of the sales pipeline: ids are fixed so sample rows, tests and the pipeline view can name them. */
export const PIPELINE_STAGES = [
  { id: 'lead', label: 'Lead', color: '#94a3b8', probability: 10 },
  { id: 'qualified', label: 'Qualified', color: '#60a5fa', probability: 25 },
  { id: 'proposal', label: 'Proposal', color: '#a78bfa', probability: 50 },
  { id: 'negotiation', label: 'Negotiation', color: '#f59e0b', probability: 75 },
  { id: 'won', label: 'Won', color: '#22c55e', probability: 100 },
  { id: 'lost', label: 'Lost', color: '#ef4444', probability: 0 },
];

/**
 * The deals' columns; `Account` links each deal to its row in the pipeline's Companies sheet. Two hidden formulas
 * feed the companies' rollups: the value still open (not won or lost) and whether the deal is won.
 */
export const pipelineColumns = (companiesSheetId: string): CreateColumnDto[] => [
  { name: 'Deal', type: 'text', required: true, width: 220 },
  { name: 'Company', type: 'text', width: 180 },
  { name: 'Contact email', type: 'email', width: 210 },
  { name: 'Stage', type: 'select', options: PIPELINE_STAGES, width: 140 },
  { name: 'Value', type: 'currency', width: 130 },
  // What the deal is worth at its stage's chance of closing: computed, never typed.
  { name: 'Weighted value', type: 'formula', formula: '{Value} * {Stage}.probability / 100', width: 150 },
  { name: 'Close date', type: 'date', width: 130 },
  { name: 'Owner', type: 'user', width: 160 },
  { name: 'Notes', type: 'longText', width: 280 },
  { name: 'Account', type: 'link', link: { sheetId: companiesSheetId }, width: 200 },
  { name: 'Open value', type: 'formula', formula: 'IF(OR({Stage} = "Won", {Stage} = "Lost"), 0, {Value})', width: 130 },
  { name: 'Won deal', type: 'formula', formula: 'IF({Stage} = "Won", 1, 0)', width: 110 },
];

/** Formulas that only feed rollups: hidden in the deals grid (they stay in the columns panel). */
export const HIDDEN_PIPELINE_COLUMNS = ['Open value', 'Won deal'];

/** The Companies sheet's own columns (its link back to the deals and its rollups come with the link). */
export const COMPANY_COLUMNS: CreateColumnDto[] = [
  { name: 'Name', type: 'text', required: true, width: 220 },
  { name: 'Website', type: 'url', width: 220 },
];

/** The rollups of the Companies sheet over its deals, by the deals' column each sums. */
export const COMPANY_ROLLUPS = [
  { name: 'Open pipeline', over: 'Open value', width: 150 },
  { name: 'Won deals', over: 'Won deal', width: 120 },
] as const;

type Deal = [deal: string, company: string, email: string, stage: string, value: number, closeInDays: number, notes: string];

const DEALS: Deal[] = [
  ['Fleet telematics rollout', 'Northwind Logistics', 'maria.chen@northwind.example', 'negotiation', 184000, 21, 'Legal reviewing MSA; procurement wants a 3-year term.'],
  ['CRM migration', 'Contoso Retail', 'j.alvarez@contoso.example', 'proposal', 72000, 35, 'Proposal sent; follow up after their board meeting.'],
  ['Analytics add-on', 'Fabrikam Health', 'priya.n@fabrikam.example', 'qualified', 38500, 60, 'Needs HIPAA addendum.'],
  ['Warehouse sensors pilot', 'Tailspin Toys', 'ops@tailspin.example', 'lead', 15000, 90, 'Inbound from webinar.'],
  ['Enterprise renewal', 'Adventure Works', 'kim.lee@adventure-works.example', 'won', 240000, -12, 'Signed three-year renewal with 8% uplift.'],
  ['Payments integration', 'Woodgrove Bank', 'r.osei@woodgrove.example', 'negotiation', 310000, 14, 'Security questionnaire done; pricing call Thursday.'],
  ['Field service app', 'Litware Energy', 'field.ops@litware.example', 'proposal', 96000, 28, 'Competing with an in-house build.'],
  ['Data residency upgrade', 'Proseware EU', 'anna.k@proseware.example', 'qualified', 54000, 45, 'Needs EU hosting confirmation.'],
  ['Onboarding services', 'Lucerne Publishing', 'h.weber@lucerne.example', 'lost', 22000, -30, 'Went with a cheaper local partner.'],
  ['Seat expansion', 'Wide World Importers', 'sam.patel@wideworld.example', 'won', 67500, -5, 'Added 150 seats for the APAC team.'],
  ['Marketing automation', 'Alpine Ski House', 'lena@alpineski.example', 'lead', 12000, 75, 'Seasonal budget opens in spring.'],
  ['IoT dashboard', 'Blue Yonder Airlines', 'd.mensah@blueyonder.example', 'proposal', 143000, 40, 'Demo went well; waiting on IT sign-off.'],
  ['Support SLA upgrade', 'Coho Winery', 'cfo@cohowinery.example', 'negotiation', 18500, 10, 'Wants quarterly billing.'],
  ['Inventory forecasting', 'Trey Research', 'l.fischer@treyresearch.example', 'qualified', 88000, 55, 'Data team evaluating accuracy on their history.'],
  ['Partner portal', 'Humongous Insurance', 'partners@humongous.example', 'lead', 45000, 120, 'Intro call booked.'],
  ['Compliance reporting', 'Margie’s Travel', 'j.okafor@margies.example', 'lost', 31000, -45, 'Project cancelled after reorg.'],
  ['Multi-region failover', 'Fourth Coffee', 'it@fourthcoffee.example', 'proposal', 126000, 33, 'Architecture review scheduled.'],
  ['Sales enablement suite', 'Graphic Design Institute', 'n.ivanova@gdi.example', 'qualified', 29000, 50, 'Champion is head of sales ops.'],
  ['Pilot to production', 'Southridge Video', 'ops@southridge.example', 'won', 158000, -20, 'Converted after a 60-day pilot.'],
  ['API access tier', 'VanArsdel Ltd', 'dev@vanarsdel.example', 'negotiation', 41000, 18, 'Asking for higher rate limits.'],
  ['Training package', 'School of Fine Art', 'admin@fineart.example', 'lead', 8500, 80, 'Education discount requested.'],
  ['Custom connectors', 'Relecloud', 'k.tanaka@relecloud.example', 'proposal', 73000, 26, 'Needs SAP and Salesforce connectors.'],
  ['Security add-on', 'Nod Publishers', 'ciso@nodpublishers.example', 'qualified', 36000, 42, 'SSO and audit logs are must-haves.'],
  ['Franchise rollout', 'First Up Consultants', 'g.rossi@firstup.example', 'negotiation', 205000, 24, '40 locations; phased over two quarters.'],
];

/** The sample deals' companies, once each, with a website from their contact's email domain. */
export function sampleCompanies(): { Name: string; Website: string }[] {
  const seen = new Map<string, string>();
  for (const [, company, email] of DEALS) if (!seen.has(company)) seen.set(company, `https://${email.split('@')[1]}`);
  return [...seen].map(([Name, Website]) => ({ Name, Website }));
}

/** Realistic sample deals keyed by column name; `ownerId` fills the Owner column; close dates are relative to `today`. */
export function sampleDeals(ownerId: string, today = new Date()): Record<string, unknown>[] {
  return DEALS.map(([deal, company, email, stage, value, closeInDays, notes]) => {
    const close = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + closeInDays));
    return {
      Deal: deal,
      Company: company,
      'Contact email': email,
      Stage: stage,
      Value: value,
      'Close date': close.toISOString().slice(0, 10),
      Owner: ownerId,
      Notes: notes,
    };
  });
}
