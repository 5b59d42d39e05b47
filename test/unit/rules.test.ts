import * as assert from 'node:assert';
import { PolicyConfig, RULES } from '../../src/core/engine';
import { engineWith, repoRoot } from './helpers/engine';

function flagged(text: string, rule: string): string[] {
  const engine = engineWith({ expectedParties: [] });
  return engine.analyze(text).findings.filter((f) => f.rule === rule).map((f) => text.slice(f.start, f.end));
}

describe('funding.unquantified', () => {
  const cases: { text: string; flagged: boolean }[] = [
    { text: 'The government has hinted at additional funding.', flagged: true },
    { text: 'Neighbourhood teams will need extra resources to succeed.', flagged: true },
    { text: 'There will be significant investment in primary care.', flagged: true },
    { text: 'The NHS will invest £2.5bn in neighbourhood health.', flagged: false },
    { text: 'Funding of £300 million is confirmed.', flagged: false },
    { text: 'The work will be funded through the Better Care Fund.', flagged: false },
    { text: 'Roles are funded by the ARRS.', flagged: false },
    { text: 'It is funded through the GP contract.', flagged: false },
    { text: 'Money comes from the Primary Care Transformation Fund.', flagged: false },
    { text: 'Funding will be ring-fenced for general practice.', flagged: false },
    { text: 'How will it be funded?', flagged: false },
    { text: 'Practices should invest time in relationships.', flagged: false },
    { text: 'Meetings take place monthly.', flagged: false },
  ];
  for (const c of cases) {
    it(`${c.flagged ? 'flags' : 'does not flag'}: ${c.text}`, () => {
      assert.deepStrictEqual(flagged(c.text, 'funding.unquantified'), c.flagged ? [c.text] : []);
    });
  }

  it('spans the trimmed sentence only', () => {
    const text = 'Intro here. The government has hinted at additional funding. Next sentence.';
    assert.deepStrictEqual(flagged(text, 'funding.unquantified'), ['The government has hinted at additional funding.']);
  });
});

describe('funding.existing-resources', () => {
  const cases: { text: string; flagged: boolean }[] = [
    { text: 'This must be delivered within existing resources.', flagged: true },
    { text: 'In the absence of significant additional funding, functions will need to harness existing assets.', flagged: true },
    { text: 'Partners should maximise the impact of existing resources including the ARRS.', flagged: true },
    { text: 'There is no additional funding for this work.', flagged: true },
    { text: 'The change is expected to be cost-neutral.', flagged: true },
    { text: 'Costs will be met from existing budgets.', flagged: true },
    { text: 'The NHS will provide £2.5bn of new funding.', flagged: false },
    { text: 'Existing staff will move to the new team.', flagged: false },
  ];
  for (const c of cases) {
    it(`${c.flagged ? 'flags' : 'does not flag'}: ${c.text}`, () => {
      assert.deepStrictEqual(flagged(c.text, 'funding.existing-resources'), c.flagged ? [c.text] : []);
    });
  }

  it('does not also report the same sentence as unquantified', () => {
    assert.deepStrictEqual(flagged('There is no additional funding.', 'funding.unquantified'), []);
  });

  it('config phrases are literal and extend the list', () => {
    const engine = engineWith({ expectedParties: [], existingResourcePhrases: ['use what we have (.*)'] });
    const text = 'We will use what we have (.*) today.';
    assert.strictEqual(engine.analyze(text).findings.length, 1);
    assert.strictEqual(engine.analyze('We will use whatever we like.').findings.length, 0);
  });

  it('config funding phrases add triggers', () => {
    const engine = engineWith({ expectedParties: [], fundingPhrases: ['golden hello'] });
    assert.strictEqual(engine.analyze('Each GP gets a golden hello.').findings[0]?.rule, 'funding.unquantified');
  });
});

describe('funding statements: three classes on PDF-converted text', () => {
  const cases: { name: string; text: string; class: 'unfunded' | 'existing' | 'backed' | 'none' }[] = [
    { name: 'a promise with nothing behind it', text: 'We will invest in neighbourhood teams.', class: 'unfunded' },
    { name: 'a promise cut by a PDF line break', text: 'We will invest in\n\nneighbourhood teams.', class: 'unfunded' },
    { name: 'the amount in the next sentence', text: 'We will invest in\n\nneighbourhood teams. This is £2m over\n\nthree years.', class: 'backed' },
    { name: 'the amount after a PDF line break', text: 'The ICB will invest\n\n£2.5m in neighbourhood teams.', class: 'backed' },
    { name: 'the next sentence has its own money statement', text: 'The government has hinted at additional funding. Investment of £150 million will support discharge.', class: 'unfunded' },
    { name: 'an amount in words', text: 'The programme will receive funding of 1.6 million pounds.', class: 'backed' },
    { name: 'two billion', text: 'The NHS will get two billion in new investment.', class: 'backed' },
    { name: 'a named payer', text: 'The pilot is funded by the Department for Work and Pensions.', class: 'backed' },
    { name: 'a named fund', text: 'Integration will be funded through the Better Care Fund.', class: 'backed' },
    { name: 'affordable within allocations', text: 'Plans must be affordable within the allocations set.', class: 'existing' },
    { name: 'live within budget', text: 'Every system must live within budget.', class: 'existing' },
    { name: 'reprioritise', text: 'Trusts will reprioritise existing budgets to fund the change.', class: 'existing' },
    { name: 'available resources', text: 'This is deliverable with the available resources.', class: 'existing' },
    { name: 'baseline allocations', text: 'This should be funded from baseline allocations.', class: 'existing' },
    { name: 'an amount added to baseline allocations', text: '£200 million will be added to baseline allocations.', class: 'backed' },
    { name: 'released from acute care', text: 'Systems will need to release resources from acute care to fund community services.', class: 'existing' },
    { name: 'paid for by productivity', text: 'The expansion will be funded through productivity gains.', class: 'existing' },
    { name: 'productivity described, not paying', text: 'We expect productivity gains of 2% next year.', class: 'none' },
    { name: 'redeployed staff', text: 'Neighbourhood teams should be established by redeploying existing staff.', class: 'existing' },
    { name: 'the existing estate', text: 'We will make better use of the existing estate.', class: 'existing' },
    { name: 'the overall envelope', text: 'Any additional costs will need to be managed within the overall financial envelope.', class: 'existing' },
    { name: 'met locally', text: 'Implementation costs will need to be met locally.', class: 'existing' },
    { name: 'savings reinvested', text: 'Savings from reduced admissions will be reinvested in community services.', class: 'existing' },
    { name: 'spend shifted', text: 'The ambition is to shift spend from hospitals to the community.', class: 'existing' },
    { name: 'the workforce as the means', text: 'Services will be delivered within the existing workforce.', class: 'existing' },
    { name: 'the workforce supported', text: 'We will support the existing workforce to develop new skills.', class: 'none' },
    { name: 'time spent', text: 'People with long-term conditions are spending more time in hospital.', class: 'none' },
    { name: 'paid from inside a budget', text: 'This will be funded from within the overall NHS budget.', class: 'existing' },
    { name: 'productivity instead of money', text: 'Delivery of these priorities should be achieved through productivity improvements rather than additional funding.', class: 'existing' },
    { name: 'resources already available', text: 'This is to be delivered within the resources already available to systems.', class: 'existing' },
    { name: 'resources we already have', text: 'Neighbourhood health will be delivered by making better use of the resources we already have.', class: 'existing' },
    { name: 'existing headcount', text: 'This will need to be achieved within existing headcount.', class: 'existing' },
    { name: 'a shift of resources (noun)', text: 'This will require a shift of resources from hospitals to the community.', class: 'existing' },
    { name: 'running cost allowance', text: 'ICBs will be expected to deliver this within their running cost allowance.', class: 'existing' },
    { name: 'not ringfenced', text: 'General practice funding will not be ringfenced from other spending.', class: 'existing' },
    { name: 'the Spending Review named', text: 'Expectations for 2026/27 will be set as part of phase 2 of the Spending Review.', class: 'none' },
    { name: 'funding deferred to the Spending Review', text: 'Funding for the programme will be confirmed at the Spending Review.', class: 'unfunded' },
    { name: 'allocations referred to', text: 'Funding allocations for 2025/26 are set out in Annex A.', class: 'backed' },
    { name: 'a capitated payment', text: 'Systems will be funded on a capitated basis.', class: 'backed' },
    { name: 'a payment per patient', text: 'Practices will receive an additional payment of £1.50 per registered patient.', class: 'backed' },
    { name: 'freed-up resources', text: 'This will free up resources to invest in prevention.', class: 'existing' },
    { name: 'the existing allocation', text: 'The expansion of virtual wards must be delivered within the existing financial allocation.', class: 'existing' },
    { name: 'financial balance asked for', text: 'All systems must deliver a balanced net financial position.', class: 'existing' },
    { name: 'assets we already have', text: 'We will make the most of the assets we already have.', class: 'existing' },
    { name: 'recycled funding', text: 'Funding will be recycled from reductions in hospital activity.', class: 'existing' },
    { name: 'within their financial allocations', text: 'Systems must deliver these commitments within their financial allocations.', class: 'existing' },
    { name: 'a balanced budget', text: 'Every system is expected to deliver a balanced budget.', class: 'existing' },
    { name: 'through productivity gains', text: 'Systems will need to deliver these improvements through productivity gains.', class: 'existing' },
    { name: 'no new national funding', text: 'No new national funding will be made available for this programme.', class: 'existing' },
    { name: 'without recourse to additional funding', text: 'This should be achieved without recourse to additional funding.', class: 'existing' },
    { name: 'within the financial settlement', text: 'These commitments are funded within the overall financial settlement.', class: 'existing' },
    { name: 'from their own resources', text: 'Trusts will be expected to fund this from their own resources.', class: 'existing' },
    { name: 'using their existing staff', text: 'The service will be delivered using their existing staff.', class: 'existing' },
    { name: 'more for the same', text: 'We expect systems to deliver more for the same.', class: 'existing' },
    { name: 'without increasing costs', text: 'Improvements should be made without increasing costs.', class: 'existing' },
    { name: 'find the resources', text: 'Councils will need to find the resources to deliver this.', class: 'existing' },
    { name: 'resources to follow', text: 'We will expand the programme, with resources to follow.', class: 'unfunded' },
    { name: 'properly resourced', text: 'Neighbourhood teams will be properly resourced.', class: 'unfunded' },
    { name: 'a committee named for investment', text: 'The Finance, Investment and Performance Committee met six times during the year.', class: 'none' },
    { name: 'a cross-reference to the funding regime', text: 'ICBs should refer to the Financial Framework for details of the funding regime.', class: 'none' },
    { name: 'fundraising', text: 'Our charity raised money for a new garden at the hospice.', class: 'none' },
    { name: 'household money', text: 'Patients told us that money worries affect their health.', class: 'none' },
    { name: 'a Section 256 agreement', text: 'Funding will be made available via the Section 256 agreement.', class: 'backed' },
    { name: 'a named department will fund it', text: 'The Department for Education will fund the programme.', class: 'backed' },
    { name: 'a body with a one-word name is not a named payer', text: 'The ICB will fund neighbourhood teams.', class: 'unfunded' },
    { name: 'a trend described, not a claim', text: 'Investment in primary care has fallen as a share of NHS spending since 2015.', class: 'none' },
    { name: 'a growth rate quantifies it', text: 'Investment in community services will grow by 3.5% a year in real terms.', class: 'backed' },
    { name: 'a share of practices is not a rate', text: '50% of practices will receive funding.', class: 'unfunded' },
    { name: 'a rate that is not money', text: 'Industrial action is estimated to have reduced productivity by around 0.6% and cost money.', class: 'none' },
    { name: 'a bigger share of what exists', text: 'We are committed to increasing the share of resources going to primary care.', class: 'existing' },
    { name: 'paid for by disinvesting', text: 'Any new services must be funded by disinvesting from lower value activity.', class: 'existing' },
    { name: 'from their existing capital allocations', text: 'Trusts should meet any additional costs from their existing capital allocations.', class: 'existing' },
    { name: 'with their current resources', text: 'We will ask systems to deliver this with their current resources.', class: 'existing' },
    { name: 'cost pressures managed locally', text: 'Cost pressures will need to be managed locally.', class: 'existing' },
    { name: 'recurrent savings reported are not a source', text: 'The programme has secured £3.5m in recurrent savings to date.', class: 'none' },
    { name: 'recurrent themes are not money', text: 'As there were no recurrent themes in the data, this was not required.', class: 'none' },
    { name: 'recurrent funding is a source', text: 'The new service will be supported with recurrent funding.', class: 'backed' },
    { name: 'non-recurrent monies through a contract', text: 'The service plans to use targeted non recurrent monies to reduce waiting lists.', class: 'backed' },
    { name: 'an oversight segment is not an allocation', text: 'No organisation with a financial deficit can be allocated to a segment higher than 3.', class: 'none' },
    { name: 'a budget named with words between', text: 'Any expansion must be accommodated within the current financial envelope.', class: 'existing' },
    { name: 'from existing budgets with a qualifier', text: 'The posts will be resourced from existing ICB running cost budgets.', class: 'existing' },
    { name: 'within baseline allocations beats the source phrase', text: 'The service will be delivered from within ICB baseline allocations.', class: 'existing' },
    { name: 'an amount from a baseline allocation is backed', text: 'A sum of £2m from the ICB baseline allocation has been committed to the hubs.', class: 'backed' },
    { name: 'from a budget that is not said to exist', text: 'The programme will be funded from the transformation budget.', class: 'unfunded' },
    { name: 'funded by releasing savings', text: 'Local priorities will be funded by releasing savings from acute care.', class: 'existing' },
    { name: 'offset by savings', text: 'Any new costs must be offset by savings elsewhere in the system.', class: 'existing' },
    { name: 'shifting money', text: 'Neighbourhood teams will be funded by shifting money out of hospitals.', class: 'existing' },
    { name: 'without further investment, as a means', text: 'Systems are expected to deliver this without further investment.', class: 'existing' },
    { name: 'without further investment, as a warning', text: 'Without further investment, the estate will continue to deteriorate.', class: 'unfunded' },
    { name: 'cannot be done without new money', text: 'The waiting list cannot be cleared without additional investment.', class: 'unfunded' },
    { name: 'no separate funding', text: 'There is no separate funding for this requirement.', class: 'existing' },
    { name: 'resource-neutral', text: 'The new pathway is expected to be resource-neutral for commissioners.', class: 'existing' },
    { name: 'are asked to invest', text: 'ICBs are asked to invest in proactive care for people with frailty.', class: 'unfunded' },
    { name: 'asked for information is narration', text: 'The committee asked for more information about the funding.', class: 'none' },
    { name: 'new capital promised', text: 'Trusts will be supported by new capital for diagnostic centres.', class: 'unfunded' },
    { name: 'social capital is not money', text: 'Volunteering builds social capital in neighbourhoods.', class: 'none' },
    { name: 'adequate resources', text: 'Adequate resources must be made available to local authorities.', class: 'unfunded' },
    { name: 'in addition to existing allocations is new money', text: 'Additional funding of £20m will be provided in addition to existing allocations.', class: 'backed' },
    { name: 'a name holding "Plan" is not a promise', text: 'Investment in the NHS Long Term Plan was welcomed by the board.', class: 'none' },
    { name: 'a service named for needs is not a promise', text: 'A physiotherapist in the Additional Needs Service has been awarded funding for an MSc.', class: 'none' },
    { name: 'a financial plan is not a promise', text: 'The ICB was unable to provide financial support, and we over-achieved against our financial plan.', class: 'none' },
    { name: 'agreed to invest', text: 'We have agreed to invest in neighbourhood teams.', class: 'unfunded' },
    { name: 'best use of something that is not money', text: 'The new service will make best use of workforce numbers.', class: 'none' },
    { name: 'best use of the resources available', text: 'Systems should make best use of the available resources.', class: 'existing' },
    { name: 'within the resources we have', text: 'Within the resources we have available, we will improve access.', class: 'existing' },
    { name: 'areas of spending benchmarked', text: 'Benchmarking flags the Trust as an outlier in certain areas of spending.', class: 'none' },
    { name: 'a conditional risk that cannot', text: 'If the Trust cannot manage its resources effectively, spending may exceed plans.', class: 'none' },
    { name: 'a committee remit', text: 'The Committee approves expenditure and monitors investments on a regular basis.', class: 'none' },
    { name: 'past in the clause with the money, ahead in another', text: 'The work has gathered pace and investment over the last 12 months, and the aim is to create a research model.', class: 'none' },
    { name: 'past in one clause, a promise in the next', text: 'Over the last year we invested in our estate, and we will continue to invest in community hubs.', class: 'unfunded' },
    { name: 'a list item that claims money', text: 'Priorities for the year:\n\n• increased investment in talking therapies\n', class: 'unfunded' },
    { name: 'a list item expecting existing resources', text: 'The service will be:\n\n- delivered within existing ICB allocations\n', class: 'existing' },
    { name: 'a list item that is a label', text: 'Contents:\n\n• Financial performance and investment plans\n', class: 'none' },
    { name: 'increased as an adjective is not narration', text: 'The plan also promises increased funding for primary care.', class: 'unfunded' },
    { name: 'a savings report', text: 'Efficiency savings achieved in the year totalled £9.8m against a plan of £11m.', class: 'none' },
    { name: 'money spent, told in the past', text: 'We invested £4m in two new theatres during the year.', class: 'none' },
    { name: 'money committed, told in the past', text: 'A total of £1.6 million has been allocated to the falls prevention pilot.', class: 'backed' },
    { name: 'a fund introduced in the past', text: 'The Better Care Fund was introduced in 2015 to encourage integration.', class: 'none' },
    { name: 'a proposal is not narration (centrally funded backs it)', text: 'A proposal has been made for two additional centrally funded triage clinicians.', class: 'backed' },
    { name: 'a proposal with nothing behind it', text: 'A proposal has been made for additional investment in triage.', class: 'unfunded' },
    { name: 'patients\' money is accounts', text: 'Funds held on behalf of patients are not included in the accounts.', class: 'none' },
    { name: 'use existing budgets to fund', text: 'Use existing community nursing budgets to fund the care coordination role.', class: 'existing' },
    { name: 'within approved cash limits', text: 'All directorates are required to deliver their services within their approved cash limits.', class: 'existing' },
    { name: 'within the current grant envelope', text: 'Services will be delivered within the current grant envelope.', class: 'existing' },
    { name: 'in the absence of new national funding', text: 'In the absence of new national funding, functions will be built from the staff already in post.', class: 'existing' },
    { name: 'at nil additional cost', text: 'The service redesign will be delivered at nil additional cost to the Council.', class: 'existing' },
    { name: 'does not attract additional funding', text: 'The requirement to offer online consultation does not attract additional funding.', class: 'existing' },
    { name: 'a virement', text: 'The pilot is to be met through a virement from the learning disabilities budget.', class: 'existing' },
    { name: 'the release of resources rather than new funding', text: 'Delivery is predicated on the release of resources from acute settings rather than on new funding.', class: 'existing' },
    { name: 'a named payer opening the sentence', text: 'Funded by the Department for Work and Pensions, 20 new employment services will open.', class: 'backed' },
    { name: 'committed to funding is a promise', text: 'The Board has committed to funding a substantive team to reduce the backlog.', class: 'unfunded' },
    { name: 'money held on deposit', text: 'Monies held on deposit with the Government Banking Service at 31 March 2025 are shown below.', class: 'none' },
    { name: 'resources to be found later', text: 'Resources will be found to sustain the community equipment service.', class: 'unfunded' },
    { name: 'the resources it needs', text: 'Adult social care will be given the resources it needs to meet rising demand.', class: 'unfunded' },
    { name: 'adequate resourcing', text: 'We call for adequate resourcing of the integrator function across all places.', class: 'unfunded' },
    { name: 'budgets held flat', text: 'Budgets will be held flat in cash terms, so growth has to come from productivity.', class: 'existing' },
    { name: 'selling surplus land to fund it', text: 'The estates strategy relies on disposing of surplus land to fund improvements.', class: 'existing' },
    { name: 'the money we already spend', text: 'We will do this by making better use of the money we already spend.', class: 'existing' },
    { name: 'a gap measured is a need, not money behind the claim', text: 'A financial gap of £45m remains, and the service will need additional investment.', class: 'unfunded' },
    { name: 'money allocated with nothing said of how much', text: 'Funding will be allocated to support winter resilience.', class: 'unfunded' },
    { name: 'time allocated is not money', text: 'Protected time allocated to training will increase next year.', class: 'none' },
    { name: 'within a possessive allocation', text: "Services must be delivered within the Trust's current financial allocation.", class: 'existing' },
    { name: 'savings to fund it', text: 'The ICB will use savings to fund the new pathway.', class: 'existing' },
    { name: 'a committee recommends investment', text: 'The Committee recommended that the ICB invests in community beds.', class: 'unfunded' },
    { name: 'further resources that are documents', text: 'Further resources are available on the FutureNHS platform.', class: 'none' },
    { name: 'capital made available, no amount', text: 'Capital will be made available for neighbourhood health centres.', class: 'unfunded' },
    { name: 'a risk register entry', text: '**• Risk 6:** Failure to have sufficient resource for transformation programmes.', class: 'none' },
    { name: 'a risk that the work cannot be done within budget', text: 'There is a risk that the programme cannot be delivered within existing resources.', class: 'none' },
    { name: 'the Code of Governance quoted', text: 'Committees should be provided with sufficient resources to undertake their duties.', class: 'none' },
    { name: 'the remuneration provision quoted', text: 'The remuneration committee should consider the pension consequences and associated costs to the trust of basic salary increases.', class: 'none' },
    { name: 'staff welfare', text: 'As living costs continue to rise, we continue to provide colleagues with access to a range of financial support.', class: 'none' },
    { name: 'savings claimed', text: 'Working together in this way helps to provide better care for patients and saves money by reducing unnecessary differences.', class: 'none' },
    { name: 'a committee named', text: 'The Finance and Investment Committee met on 3 June.', class: 'none' },
    { name: 'a risk-register fragment', text: 'spending does not exceed available funding, then this could jeopardise delivery of our strategic goals.', class: 'none' },
    { name: 'a risk named mid-sentence', text: 'The Committee noted there is a risk that funding for the scheme ends in March.', class: 'none' },
    { name: 'a promise that mentions risk of harm', text: 'We will invest in falls prevention to reduce the risk of falls.', class: 'unfunded' },
    { name: 'funding applied for', text: 'Applied for central funding for a B5 secondment within transfer of care.', class: 'unfunded' },
    { name: 'a ring-fence to be confirmed', text: 'Ringfenced funding for the integrator role will be confirmed later this year.', class: 'unfunded' },
    { name: 'an amount yet to be agreed', text: 'Investment of £2m in the hub is yet to be agreed with the ICB.', class: 'unfunded' },
    { name: 'an amount to be agreed', text: 'Funding of £1.5m for the pilot, to be agreed with NHS England.', class: 'unfunded' },
    { name: 'a named scheme applied for', text: 'The practice applied for the Additional Roles Reimbursement Scheme for two pharmacists.', class: 'unfunded' },
    { name: 'applied for and received', text: 'We applied for and received £2m of central funding for the hub.', class: 'backed' },
    { name: 'an amount subject to approval', text: 'The £3m investment is subject to approval of the business case by NHS England.', class: 'unfunded' },
    { name: 'a named payer after an adverb', text: 'The programme will be funded centrally by NHS England.', class: 'backed' },
    { name: 'within existing resources, escaped', text: 'Delivery \\(in 2026\\) must be within existing resources.', class: 'existing' },
    { name: 'a bold heading', text: '**Capital investment**', class: 'none' },
    { name: 'a heading line', text: '## Funding', class: 'none' },
    { name: "an organisation's name", text: "In 2019, the King's Fund explained that integration matters.", class: 'none' },
    { name: 'an accounts line', text: 'Net cash flows from/(used in) financing activities (7,599)', class: 'none' },
    { name: 'a payment mechanism (CQUIN)', text: 'The fixed element also included CQUIN funding of 1.25% of the contract value.', class: 'backed' },
    { name: 'monies on deposit', text: 'Monies on deposit 1,234 1,456', class: 'none' },
    { name: 'past spending described', text: 'During the pandemic, there was a large increase in spending on healthcare.', class: 'none' },
    { name: 'resources that are documents', text: 'To complement existing resources, guidance documents are available online.', class: 'none' },
    { name: 'a reference', text: 'See the report on investment in prevention (2019), available at https://example.org/funding.', class: 'none' },
    { name: 'a question', text: 'How will it be funded?', class: 'none' },
    { name: 'a risk described', text: 'If the Trust cannot manage its resources effectively, ensuring that spending does not exceed available funding, then this could jeopardise delivery.', class: 'none' },
    { name: 'an action log line', text: '**Action:** Non-Executive Director (RB) to provide information about accessing corporate funding.', class: 'none' },
    { name: 'minutes that look ahead', text: 'The Chair said that the Trust was exploring options to extend the funding of the role.', class: 'unfunded' },
    { name: 'minutes that only narrate', text: 'The Committee noted the funding of the role.', class: 'none' },
    { name: 'a cost with nothing behind it', text: 'Taxis may need to be used, which comes with associated costs and delays.', class: 'unfunded' },
    // Written documents in PDF-converted form (probes 12 and 13): money not yet found.
    { name: 'funding not yet agreed is not narration', text: 'Funding for the evening service has not yet been agreed with commissioners.', class: 'unfunded' },
    { name: 'capital not yet identified', text: 'Capital for the new clinic has not yet been identified.', class: 'unfunded' },
    { name: 'no source of capital, a cost estimate only', text: 'No source of capital has yet been confirmed for the scheme, which we estimate at around £2m.', class: 'unfunded' },
    { name: 'a named source not yet in place', text: 'Expansion will depend on securing recurrent funding from the ICB, which is not yet in place.', class: 'unfunded' },
    { name: 'a need outside the programme', text: 'The ward works will need additional capital in the region of £400,000 that is not in the current programme.', class: 'unfunded' },
    { name: 'currently unfunded', text: 'A second year of the pilot is currently unfunded.', class: 'unfunded' },
    { name: 'paid for by partners in shares', text: 'The shared post will be funded jointly by the council and the ICB.', class: 'backed' },
    { name: 'a named programme after a date', text: 'The hubs are funded until March 2028 through the national Best Start programme.', class: 'backed' },
    { name: 'growth of a rate', text: 'The settlement gives councils cash growth of 4.1%, including funding for inflation.', class: 'backed' },
    // Delivery from what exists, in planning and board-paper wording.
    { name: 'no call on new money', text: 'The new rota system will be met from the digital budget, with no call on additional funding.', class: 'existing' },
    { name: 'does not need new money', text: 'The bonus will be paid for by cutting agency spend, so it does not need new money.', class: 'existing' },
    { name: 'the contract value held', text: 'Extra referrals will be managed within the existing contract value.', class: 'existing' },
    { name: 'offset by lower costs', text: 'The licence will be paid from the IT revenue budget, offset by lower maintenance costs.', class: 'existing' },
    { name: 'a productivity requirement', text: 'Every provider must deliver a minimum 2% improvement in productivity each year.', class: 'existing' },
    { name: 'a cost improvement requirement', text: 'Trusts must deliver a cost improvement of at least 1.5% next year.', class: 'existing' },
    { name: 'productivity paying for the plan', text: 'Productivity gains, not new taxes, will pay for the new services.', class: 'existing' },
    { name: 'no further investment to expect', text: 'PCNs should not expect further investment for this work in 2027/28.', class: 'existing' },
    { name: 'no deficit support', text: 'Systems must break even, and no deficit support funding will be available next year.', class: 'existing' },
    { name: 'top-slicing an allocation', text: 'The incentive will be paid for by top-slicing 1% of the acute allocation.', class: 'existing' },
    { name: 'staffed from existing teams', text: 'Each locality will have a frailty team staffed from existing community and social work teams.', class: 'existing' },
    { name: 'filled by redeployment', text: 'Six posts will be filled by redeployment from the inpatient wards.', class: 'existing' },
    { name: 'included in baseline allocations', text: 'Winter money will not be held centrally; it is included in baseline allocations.', class: 'existing' },
    // Probes 14 and 15 (written after the rules above, labelled before they were run).
    { name: 'no funding route found', text: 'The centre will not open before 2029, as no other funding route has been identified.', class: 'unfunded' },
    // What a review of the rules above found them to over-read.
    { name: '"has yet secured" is "so far"', text: 'This £20m is the largest investment the Trust has yet secured.', class: 'backed' },
    { name: 'a "no" clause does not reach past "and"', text: 'There were no delays and funding has been confirmed for the new unit.', class: 'none' },
    { name: 'a plan not in the text before a colon', text: 'This is not in the plan: we will invest £2m in the new unit.', class: 'backed' },
    { name: 'a settlement that is not money', text: 'The new service depends on the settlement of staff into the new rota, and will be funded from the £3m Better Care Fund.', class: 'backed' },
    { name: 'a risk register line about money not agreed', text: 'Risk 6: Funding for the posts has not yet been agreed.', class: 'none' },
    { name: '"The funding" does not point at the money before', text: 'We spent £4m on agency staff last year. The funding for the new posts will come later.', class: 'unfunded' },
    { name: 'own staff is not an own budget', text: 'The ICB will use its own staff and central funding of £2m.', class: 'backed' },
    { name: 'no change to how costs are recorded', text: 'There is no change to the way costs are recorded, and the ICB will fund the service.', class: 'unfunded' },
    { name: 'no funding expected from partners', text: 'We will not expect any funding from partners, as the ICB will fund the service.', class: 'unfunded' },
    { name: 'funding not been confirmed', text: 'Funding for the hubs after March has not been confirmed by the partners.', class: 'unfunded' },
    { name: 'an unfunded cost pressure with an amount', text: 'This leaves an unfunded cost pressure of about £400,000 for the year.', class: 'unfunded' },
    { name: 'a bid to a named fund', text: 'The Trust intends to bid to the Urgent Care Capital Fund for the first year of the cost.', class: 'unfunded' },
    { name: 'growth that depends on a settlement', text: 'Any growth in the grant will depend on the next local government finance settlement.', class: 'unfunded' },
    { name: 'a national programme in lower case', text: 'The posts will be funded through the national maternity safety funding for the region.', class: 'backed' },
    { name: 'an existing budget named with words between', text: 'The hub will be set up within the existing occupational health budget.', class: 'existing' },
    { name: "an organisation's existing budget", text: "The training will be met from the Trust's existing education and training budget.", class: 'existing' },
    { name: 'existing resources of a department', text: 'The new policy will be introduced from existing HR resources.', class: 'existing' },
    { name: 'no increase in funded posts', text: 'The service will be staffed from the community team, with no increase in funded posts.', class: 'existing' },
    { name: 'no new budget', text: 'Officers will carry out the refresh, with no new budget required.', class: 'existing' },
    { name: 'no change to a budget', text: 'Savings will come from switching medicines, with no change to the prescribing budget.', class: 'existing' },
    { name: 'money partners already spend', text: 'Services will be funded by pooling money that partners already spend.', class: 'existing' },
    { name: 'not providing additional funding', text: 'We are not providing additional funding for new posts this year.', class: 'existing' },
    { name: 'productivity rather than more spending', text: 'Waits will fall through productivity rather than additional staffing spend.', class: 'existing' },
    { name: 'within the same budget', text: 'The contract will be re-let as a block contract within the same budget.', class: 'existing' },
    // Probe 16.
    { name: 'an overspend left to the body', text: 'Any overspend on the project will have to be found by the council.', class: 'existing' },
    { name: 'a contract renewed for the same money', text: 'The advice contract has been extended for a further year at the same value.', class: 'existing' },
    { name: 'savings released from what exists', text: 'The new ward will be staffed with savings released from the existing bed base.', class: 'existing' },
    { name: 'an efficiency requirement reported, not required', text: 'The efficiency requirement for the year is £9.8m.', class: 'none' },
    // Probe 17.
    { name: 'resources made available', text: 'The council will make resources available for a carers support offer next year.', class: 'unfunded' },
    { name: 'committed to providing the resources', text: 'We are committed to providing the resources our school nurses need.', class: 'unfunded' },
    { name: 'within current staffing', text: 'The clinic will open on Saturdays within current staffing.', class: 'existing' },
    { name: 'no additional payment', text: 'Practices will refer as part of their existing duties, and no additional payment will be made.', class: 'existing' },
    { name: 'NHS-funded nursing care is not a claim', text: 'The group will review the threshold for funded nursing care.', class: 'none' },
    // Not claims.
    { name: 'a risk register cause', text: 'Cause: the Trust must deliver efficiency savings of £9.1m this year.', class: 'none' },
    { name: 'a spending limit', text: 'The agency spending limit remains at 3.2% of the pay bill.', class: 'none' },
    { name: 'spending reviewed against a plan', text: 'Both finance teams review spending against the plan each quarter.', class: 'none' },
    { name: 'how the Trust is funded, described', text: 'The main source of funding for the Trust is its contracts with commissioners.', class: 'none' },
    { name: 'arguing for fair funding', text: 'We will keep pressing for fair funding for community services.', class: 'none' },
    { name: 'others asked to invest', text: 'We will encourage local employers to invest in staff wellbeing.', class: 'none' },
    { name: 'a fund manager', text: 'The charity funds are looked after by an external fund manager.', class: 'none' },
  ];
  const engine = engineWith({ expectedParties: [] });
  for (const c of cases) {
    it(`${c.name}: ${c.class}`, () => {
      const a = engine.analyze(c.text);
      const classes = a.fundingStatements.map((s) => s.class);
      assert.deepStrictEqual(classes.length ? classes.slice(0, 1) : ['none'], [c.class], JSON.stringify(a.fundingStatements));
      // Diagnostics only for unfunded and existing.
      const rules = a.findings.map((f) => f.rule);
      const expected = c.class === 'unfunded' ? ['funding.unquantified'] : c.class === 'existing' ? ['funding.existing-resources'] : [];
      assert.deepStrictEqual(rules, expected);
    });
  }

  it('the accounts at the end of an annual report hold no claims; a finance heading early on silences nothing', () => {
    const engine = engineWith({ expectedParties: [] });
    const body = 'We will invest in neighbourhood teams. '.repeat(20);
    const late = engine.analyze(`${body}\n\n**Notes to the Accounts**\n\nThe Trust may borrow for revenue financing and will invest in buildings.`);
    assert.strictEqual(late.fundingStatements.length, 20);
    const early = engine.analyze(`**Notes to the Accounts**\n\n${body}`);
    assert.strictEqual(early.fundingStatements.length, 20);
  });

  it('a sentence that points at the money of the one before is backed by it', () => {
    const engine = engineWith({ expectedParties: [] });
    const classes = (text: string): string[] => engine.analyze(text).fundingStatements.map((st) => `${st.class}:${st.cue}`);
    assert.deepStrictEqual(classes('The contract sum will rise by £90m next year. This uplift includes funding for the pay award.'), ['backed:funding']);
    // Not when it does not point back, nor across paragraphs.
    assert.deepStrictEqual(classes('The contract sum will rise by £90m next year. Practices will receive funding for the pay award.'), ['unfunded:funding']);
    assert.deepStrictEqual(classes('The contract sum will rise by £90m next year.\n\nThis uplift includes funding for the pay award.'), ['unfunded:funding']);
  });

  it('a plan and the sentence after it that says how it is paid for are one statement', () => {
    const engine = engineWith({ expectedParties: [] });
    const spans = (text: string): string[] => engine.analyze(text).findings.map((f) => text.slice(f.start, f.end));
    const plan = 'We will open four more beds at the community hospital by March.';
    const pays = 'The cost of staffing them will be met from the agency budget, so the change is cost-neutral.';
    // The same paragraph, PDF lines included: one finding over both, quoting the plan.
    const cut = `${plan.replace('hospital ', 'hospital\n\n')} ${pays}`;
    assert.deepStrictEqual(spans(cut), [cut]);
    assert.match(engine.analyze(cut).findings[0].message, /^Expects delivery from existing resources \("cost-neutral"\): "We will open four more beds/);
    // An action in a list is a plan too.
    assert.deepStrictEqual(spans(`- Open four more beds by March. ${pays}`), [`Open four more beds by March. ${pays}`]);
    // Not across paragraphs, not after narration, not when the second sentence does not point back.
    assert.deepStrictEqual(spans(`${plan}\n\n${pays}`), [pays]);
    assert.deepStrictEqual(spans(`We opened four more beds last year. ${pays}`), [pays]);
    const other = 'Agency costs will be met from the agency budget, so the change is cost-neutral.';
    assert.deepStrictEqual(spans(`${plan} ${other}`), [other]);
  });

  it('a plan read on its own, whatever line breaks either sentence holds; the text and message on one line', () => {
    const engine = engineWith({ expectedParties: [] });
    const spans = (text: string): string[] => engine.analyze(text).fundingStatements.map((st) => text.slice(st.start, st.end));
    // Narration or a question before the money statement is no plan, with or without a line break or double space in it.
    for (const pays of ['The new unit will be funded through\nthe Better Care Fund.', 'The new unit will be funded through  the Better Care Fund.']) {
      assert.deepStrictEqual(spans(`Last year we closed the old ward. ${pays}`), [pays]);
      assert.deepStrictEqual(spans(`Did we close the old ward? ${pays}`), [pays]);
    }
    // "Items", "Italy" do not point back as "It" does.
    const items = 'Items will be paid for within existing budgets.';
    assert.deepStrictEqual(spans(`We will open six beds by January. ${items}`), [items]);
    const text = 'We will open six\nbeds by January. It will be funded within existing budgets.';
    const [st] = engine.analyze(text).fundingStatements;
    assert.strictEqual(st.text, 'We will open six beds by January. It will be funded within existing budgets.');
    assert.ok(!engine.analyze(text).findings[0].message.includes('\n'));
  });

  it('a plan and the sentence that names it again and says how it is paid for are one statement, whatever its class', () => {
    const engine = engineWith({ expectedParties: [] });
    const statements = (text: string): string[] => engine.analyze(text).fundingStatements.map((st) => `${st.class}:${text.slice(st.start, st.end)}`);
    const plan = 'A second assessment unit will open at the hospital in May.';
    const pays = 'The unit is funded through a capital allocation of £1.75m.';
    assert.deepStrictEqual(statements(`${plan} ${pays}`), [`backed:${plan} ${pays}`]);
    // A sentence that names the plan's subject but says nothing of paying for it stays apart.
    const narration = 'The unit is currently developing plans to use non-recurrent monies from the contract.';
    assert.deepStrictEqual(statements(`${plan} ${narration}`), [`backed:${narration}`]);
  });

  it('each statement points at the exact source span and reads as one line', () => {
    const text = 'Intro.\n\nWe will invest in\n\nneighbourhood teams.';
    const [s] = engineWith({ expectedParties: [] }).analyze(text).fundingStatements;
    assert.strictEqual(text.slice(s.start, s.end), 'We will invest in\n\nneighbourhood teams.');
    assert.strictEqual(s.text, 'We will invest in neighbourhood teams.');
    assert.strictEqual(s.cue, 'invest');
  });

  it('the message quotes the cue and the start of the sentence, and says what is missing', () => {
    const [f] = engineWith({ expectedParties: [] }).analyze('We will invest in neighbourhood teams.').findings;
    assert.strictEqual(f.message, 'Funding claim ("invest") with no amount, fund or mechanism in this sentence or the next: "We will invest in neighbourhood teams."');
    assert.strictEqual(f.cue, 'invest');
  });

  it('findings and statements know their printed page', () => {
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit sed do eiusmod tempor. '.repeat(5);
    let text = '';
    for (let p = 1; p <= 4; p++) text += `${filler}\n\n${p}\n\n`;
    text += 'We will invest in neighbourhood teams.';
    const a = engineWith({ expectedParties: [] }).analyze(text);
    assert.strictEqual(a.findings[0].page, 5);
    assert.strictEqual(a.fundingStatements[0].page, 5);
    assert.strictEqual(engineWith({ expectedParties: [] }).analyze('We will invest in neighbourhood teams.').findings[0].page, undefined);
  });
});

describe('party.unmentioned', () => {
  it('the sample planning framework names VCSE and local authorities but never general practice', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const text = fs.readFileSync(path.join(repoRoot(), 'samples', 'planning-framework-2026.md'), 'utf8');
    const a = engineWith().analyze(text);
    assert.ok(a.findings.some((f) => f.rule === 'party.unmentioned' && f.party === 'general-practice'));
    assert.ok(a.counts.vcse > 0 && a.counts['local-authority'] > 0);
  });

  const text = 'Local authorities and local authorities, the local authority, VCSE and the VCSE, and local government.';

  for (const [party, start] of [['icb', 'ICBs are never'], ['pcn', 'PCNs are never'], ['patients-public', 'Patients and the public are never'], ['nhs-england', 'NHS England is never'], ['vcse', 'VCSE is never'], ['dhsc', 'DHSC is never']] as const) {
    it(`says "${start} mentioned"`, () => {
      const engine = engineWith({ expectedParties: [party] });
      const f = engine.analyze('Nothing to see here at all today.').findings.find((x) => x.rule === 'party.unmentioned');
      assert.ok(f?.message.startsWith(`${start} mentioned;`), f?.message);
    });
  }

  it('reports an expected party that is never named, with what is named instead', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    const [f] = engine.analyze(text).findings;
    assert.strictEqual(f.rule, 'party.unmentioned');
    assert.strictEqual(f.severity, 'warning');
    assert.strictEqual(f.party, 'general-practice');
    assert.strictEqual(f.start, 0);
    assert.strictEqual(f.end, 0);
    assert.match(f.message, /^General practice is never mentioned; the document names local authorities 4×, VCSE 2×; primary care \(broader\) 0×, PCNs \(related\) 0×/);
    assert.ok(f.related && f.related.length >= 2 && f.related.length <= 10);
    assert.strictEqual(f.related![0].message, 'local authorities named here');
  });

  it('is silent when the party is named', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    assert.deepStrictEqual(engine.analyze('GP practices were consulted.').findings, []);
  });

  it('is silent for best practice (not general practice) only in the sense that it still reports', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    assert.strictEqual(engine.analyze('We follow best practice.').findings[0]?.party, 'general-practice');
  });

  it('respects severity settings and off', () => {
    const off = engineWith({ expectedParties: ['general-practice'], rules: { 'party.unmentioned': 'off' } });
    assert.deepStrictEqual(off.analyze(text).findings, []);
    const err = engineWith({ expectedParties: ['general-practice'], rules: { 'party.unmentioned': 'error' } });
    assert.strictEqual(err.analyze(text).findings[0].severity, 'error');
  });

  it('default expected parties include general practice', () => {
    const engine = engineWith();
    assert.ok(engine.config.expectedParties.includes('general-practice'));
    assert.ok(engine.analyze(text).findings.some((f) => f.party === 'general-practice'));
  });
});

describe('term.unmentioned', () => {
  const workforce = 'The workforce chapter sets out recruitment to PCNs and practices.';
  const cases: { name: string; config: Partial<PolicyConfig>; text: string; expected: string[] }[] = [
    { name: 'off by default, even with expectedTerms', config: { expectedTerms: ['arrs'] }, text: workforce, expected: [] },
    { name: 'on: the unused term is reported', config: { expectedTerms: ['arrs'], rules: { 'term.unmentioned': 'warning' } }, text: workforce, expected: ['arrs'] },
    { name: 'on: a used term is not', config: { expectedTerms: ['arrs'], rules: { 'term.unmentioned': 'info' } }, text: 'Roles funded through the ARRS.', expected: [] },
    { name: 'unknown ids are ignored', config: { expectedTerms: ['no-such-term'], rules: { 'term.unmentioned': 'warning' } }, text: workforce, expected: [] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const findings = engineWith({ expectedParties: [], ...c.config }).analyze(c.text).findings.filter((f) => f.rule === 'term.unmentioned');
      assert.deepStrictEqual(findings.map((f) => f.party), c.expected);
    });
  }
  it('names the term and its neighbours, on an empty range at the start', () => {
    const [f] = engineWith({ expectedParties: [], expectedTerms: ['arrs'], rules: { 'term.unmentioned': 'warning' } }).analyze(workforce).findings;
    assert.deepStrictEqual([f.rule, f.severity, f.start, f.end], ['term.unmentioned', 'warning', 0, 0]);
    assert.match(f.message, /^Additional Roles Reimbursement Scheme \(an expected term\) is never used; PCNs \(related\) 1×/);
  });
});

describe('rule metadata', () => {
  it('every rule has a code, severity, title and explanation', () => {
    assert.deepStrictEqual(RULES.map((r) => r.code), ['party.unmentioned', 'funding.unquantified', 'funding.existing-resources', 'term.unmentioned']);
    for (const r of RULES) assert.ok(r.title && r.explanation.length > 40 && r.defaultSeverity);
  });

  it('findings are sorted by start', () => {
    const engine = engineWith({ expectedParties: ['general-practice'] });
    const a = engine.analyze('Delivered within existing resources. Extra funding is hinted at.');
    const starts = a.findings.map((f) => f.start);
    assert.deepStrictEqual(starts, [...starts].sort((x, y) => x - y));
    assert.strictEqual(a.findings.length, 3);
  });
});
