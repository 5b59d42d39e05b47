/**
 * Built-in literal phrases for the funding rules. Config adds to the first two lists.
 * Matching is whole-word, case-insensitive, with the same plural/spelling folding as
 * the lexicon ("fund" also finds "funds", "organised" finds "organized").
 */

/** Language that promises, asserts or implies money, investment or resources. */
export const FUNDING_PHRASES: readonly string[] = [
  'funding', 'funded', 'fund', 'underfunded', 'investment', 'invest', 'invested', 'investing', 'money', 'monies',
  'resourced', 'additional resources', 'extra resources', 'new resources', 'more resources',
  'further resources', 'dedicated resources', 'additional resource', 'under-resourced',
  'underresourced', 'under resourced', 'resource requirements', 'additional investment', 'extra investment',
  'additional costs', 'additional cost', 'associated costs', 'extra costs', 'extra cost',
  'financial support', 'financial resources', 'spending', 'pump-priming', 'pump priming', 'financial incentive',
  'additional budget', 'dedicated budget', 'protected budget', 'new money', 'financing', 'additional payment', 'additional payments',
  'resources to follow', 'resource to follow', 'money to follow', 'properly resourced', 'adequately resourced', 'appropriately resourced',
  'capital will be made available', 'capital will be available', 'capital made available', 'capital is available',
  // Capital as money promised, in phrase forms only ("social capital", "capital expenditure for the year" are not).
  'new capital', 'additional capital', 'extra capital', 'more capital', 'the capital they need', 'capital will be provided',
  'capital will be invested', 'capital investment', 'capital funding',
  // Resources promised: "Adequate resources must be made available to local authorities".
  'adequate resources', 'appropriate resources', 'adequate resource', 'adequate funding', 'appropriate funding',
  ...['will', 'must', 'should', 'would'].flatMap((verb) => ['made available', 'expanded', 'increased', 'provided', 'allocated'].map((what) => `resources ${verb} be ${what}`)),
  'financed', 'financial backing', 'rewarded financially', 'financially rewarded',
  // Money to be found later, or what a body "needs": "Resources will be found to sustain the service".
  ...['resources', 'funding', 'money', 'investment'].flatMap((what) => [`${what} will be found`, `${what} will be identified`, `${what} will be sought`]),
  ...['resources', 'funding', 'money', 'capital'].flatMap((what) => [`the ${what} it needs`, `the ${what} they need`, `the ${what} needed`]),
  'significant capital', 'secure capital', 'securing capital', 'adequate resourcing', 'appropriate resourcing', 'proper resourcing',
  'sustainable resourcing', 'sufficient resourcing',
  // Money handed out, with nothing said of how much: "Funding will be allocated to support winter resilience".
  'allocated to', 'capital available', 'further capital', 'make capital available', 'making capital available',
  // Money with no source yet: "is currently unfunded", "No source of capital has yet been confirmed".
  'unfunded', 'not funded', 'not yet funded', 'no source of capital', 'no source of funding', 'no funding source',
  'no identified source of funding', 'no identified funding', 'no capital source', 'no budget for', 'no identified budget',
  // Resources promised in the active voice: "We will make resources available", "committed to providing the resources".
  'make resources available', 'making resources available', 'make the resources available', 'provide the resources',
  'providing the resources', 'have the resources to', 'give the resources', 'giving the resources',
];

/**
 * Funding phrases whose continuations are too many to list (as EXISTING_RESOURCE_OPENINGS):
 * money named with its source still to be found, "Capital for this scheme has not yet been
 * identified" (the statement is unfunded: the rules read "not yet identified" as unconfirmed).
 */
export const FUNDING_OPENINGS: ReadonlyArray<readonly [readonly string[], RegExp]> = [
  // (Only words that are not funding phrases on their own: "funding ... not yet agreed" is one already.)
  [['capital', 'running costs', 'revenue costs'],
    /(?:\s+(?:for|to)\s+[^.;:!?\n]{1,60}?)?\s+(?:has|have|is|are)\s+(?:not\s+(?:yet\s+)?(?:been\s+)?|yet\s+to\s+be\s+)(?:identified|confirmed|agreed|secured|found)\b/iy],
];

/** Delivery expected from what already exists, or no new money. */
export const EXISTING_RESOURCE_PHRASES: readonly string[] = [
  'within existing resources', 'within current resources', 'within existing budgets', 'within existing funding',
  'within existing allocations', 'within the existing envelope', 'within existing capacity', 'from existing budgets',
  'from existing resources', 'existing resources', 'existing assets', 'existing budgets', 'existing funding',
  'existing capacity', 'existing allocations', 'existing financial envelope', 'harness existing', 'redeploy existing',
  'reprioritise existing', 'make better use of existing', 'making better use of existing', 'no additional funding',
  'no extra funding', 'no new funding', 'no new money', 'no additional money', 'no additional resources',
  'no additional resource', 'no extra resources', 'without additional funding', 'without additional resources',
  'without extra funding', 'without new funding', 'cost-neutral', 'cost neutral', 'budget neutral', 'budget-neutral',
  'absence of significant additional funding', 'absence of additional funding', 'absence of new funding',
  'absence of significant new funding', 'absence of additional resources', 'not be additional funding',
  'not be any additional funding', 'no further funding',
  // Affordability within what is allocated; reprioritising; efficiencies.
  'sufficient resources', 'sufficient resource', 'sufficient funds', 'sufficient funding', 'within available resources', 'within the available resources', 'with the available resources', 'available resources',
  'within our resources', 'within their resources', 'limited resources', 'within budget', 'within budgets',
  'within the budget', 'within the budgets', 'within our budget', 'within their budget', 'within allocation',
  'within allocations', 'within the allocation', 'within the allocations', 'within our allocation',
  'within our allocations', 'within their allocation', 'within their allocations', 'within the financial envelope',
  'within our financial envelope', 'within the envelope', 'within the resources available', 'within resources',
  'affordable within', 'live within', 'living within', 'reprioritise', 'reprioritised', 'reprioritising',
  'reprioritisation', 're-prioritise', 're-prioritising', 'reprioritize', 'reprioritizing', 'repurpose existing',
  'existing resource', 'from within existing',
  // The workforce a system already has, as the means of delivery (not "support the existing workforce").
  ...['within', 'from', 'with', 'using', 'use'].flatMap((prep) => [`${prep} existing workforce`, `${prep} the existing workforce`, `${prep} our existing workforce`, `${prep} existing staff`]), 'met from within', 'absorbed within', 'absorb the cost', 'absorbed',
  'efficiency savings', 'efficiency opportunities', 'cash-releasing savings', 'every pound', 'best use of resources',
  'best use of our resources', 'better use of resources',
  'no additional cost', 'at no extra cost', 'at no additional cost', 'no cost',
  'self-funding', 'self-financing', 'using underspend', 'from underspend', 'underspend to fund', 'funded from existing', 'no new investment',
  // Baseline and local budgets: what a system already has.
  'from baseline allocations', 'from baseline allocation', 'from baseline budgets', 'within baseline allocations',
  'within baseline allocation', 'within baseline budgets', 'from core allocations', 'from their allocations',
  'from their allocation', 'from our allocations', 'from our allocation', 'met locally', 'funded locally',
  'found locally', 'resourced locally', 'from local budgets', 'within the overall financial envelope',
  'within the overall envelope', 'within the overall budget', 'within overall allocations',
  // Moving money that exists: reallocation and reinvested savings.
  'release resources', 'releasing resources', 'release funding', 'releasing funding', 'shift resources',
  'shifting resources', 'shift funding', 'shifting funding', 'shift investment', 'shifting investment', 'shift spend',
  'shifting spend', 'reallocate resources', 'reallocating resources', 'reallocation of resources', 'reallocate funding',
  'reallocating funding', 'redirect resources', 'redirecting resources', 're-direct resources', 're-directing resources', 'redirect funding', 'redirecting funding',
  'reinvest', 'reinvested', 'reinvesting', 'reinvestment of savings', 'recycle savings', 'recycled savings',
  // Existing staff and estate.
  'redeploying existing', 'redeployment of existing', 'existing estate', 'better use of existing', 'better use of the existing',
  'best use of existing', 'best use of the existing',
  // Paid for by efficiencies: "funded through productivity gains".
  ...['funded', 'paid for', 'financed', 'met', 'fund this', 'fund it', 'fund them'].flatMap((verb) =>
    ['through', 'by', 'from'].flatMap((prep) =>
      ['productivity', 'efficiency', 'efficiencies', 'savings', 'cost savings', 'cost improvement'].map((what) => `${verb} ${prep} ${what}`))),
  // Delivered by productivity instead of money: "achieved through productivity improvements rather than additional funding".
  ...['delivered', 'achieved'].flatMap((verb) => ['productivity', 'efficiency', 'efficiencies'].map((what) => `${verb} through ${what}`)),
  ...['additional', 'new', 'extra'].flatMap((what) => [`rather than ${what} funding`, `rather than ${what} money`, `rather than ${what} resources`, `rather than ${what} investment`]),
  // Paid from inside a budget that exists: "funded from within the overall NHS budget".
  'funded from within', 'paid for from within', 'financed from within', 'resourced from within', 'fund this from within',
  // Resources a system already has, in other words.
  'resources already available', 'already available resources', 'resources we already have', 'resources already in the system',
  'within the resources we have', 'within the resources that we have', 'with the resources we have', 'with the resources that we have',
  'resources we have available', 'resources that we have available', 'within the money we have', 'within the funding we have',
  'money already in the system', 'funding already in the system', 'existing headcount', 'existing establishment',
  'running cost allowance', 'running costs allowance', 'within running costs',
  // Moving what exists, as nouns: "a shift of resources from hospitals to the community".
  ...['shift', 'shifting', 'transfer', 'rebalancing', 'movement'].flatMap((move) => ['of', 'in'].flatMap((prep) => ['resources', 'funding', 'spending', 'spend', 'investment'].map((what) => `${move} ${prep} ${what}`))),
  'rebalance resources', 'rebalancing resources', 'move resources', 'moving resources', 'transfer resources',
  // Money that will not be protected: "general practice funding will not be ringfenced".
  'not be ringfenced', 'not be ring-fenced', 'not ringfenced', 'not ring-fenced', 'no ringfenced', 'no ring-fenced',
  // Freed up, recycled, made the most of.
  'free up resources', 'freeing up resources', 'freed up resources', 'free up funding', 'freeing up funding', 'free up money',
  'recycled from', 'recycle funding', 'recycled funding', 'recycling funding', 'recycle resources',
  'assets we already have', 'make the most of existing', 'making the most of existing', 'make the most of the existing',
  ...['budget', 'budgets', 'allocation', 'allocations', 'financial allocation', 'financial allocations', 'funding', 'resources'].map((what) => `within the existing ${what}`),
  'existing financial allocation', 'existing financial allocations',
  // Living within the allocation, as planning guidance asks.
  'balanced financial position', 'balanced net financial position', 'balanced budget',
  // "within their financial allocations", "within the overall financial settlement".
  ...['', 'the ', 'their ', 'our ', 'its ', 'your ', 'existing ', 'current ', 'the current ', 'the overall '].flatMap((det) =>
    ['financial allocation', 'financial settlement', 'settlement', 'system allocation', 'ICB allocation'].map((what) => `within ${det}${what}`)),
  'within the constraints of',
  // "No new national funding", "without recourse to additional funding".
  ...['no', 'without'].flatMap((neg) => ['new', 'additional', 'extra', 'further'].flatMap((more) =>
    ['national', 'central', 'dedicated', 'recurrent', 'government'].flatMap((from) => [`${neg} ${more} ${from} funding`, `${neg} ${more} ${from} money`, `${neg} ${more} ${from} investment`]))),
  'without recourse to additional', 'without recourse to new', 'without recourse to extra',
  'without increasing costs', 'without increasing cost', 'without increasing spending', 'without increasing spend',
  'no extra cost', 'no increase in funding', 'no increase in spending',
  // Their own money: "Trusts will be expected to fund this from their own resources".
  ...['their', 'our', 'its'].flatMap((own) => [`from ${own} own resources`, `from ${own} own budgets`, `from ${own} own funds`, `within ${own} own resources`]),
  // The staff a system already has, with a determiner: "using their existing staff".
  ...['their', 'our', 'its'].flatMap((det) => ['within', 'from', 'with', 'using', 'use'].flatMap((prep) => [`${prep} ${det} existing staff`, `${prep} ${det} existing workforce`, `${prep} ${det} current workforce`])),
  // More for the same money.
  'more for the same', 'more with less', 'more with the same', 'for the same money', 'for the same cost', 'same amount of money',
  // Productivity instead of money: "deliver these improvements through productivity gains".
  'through productivity gains', 'through productivity improvements', 'through efficiency gains', 'through improved productivity',
  // A bigger share of what exists: "increasing the share of resources going to primary care".
  ...['share', 'proportion'].flatMap((part) => ['resources', 'spend', 'spending', 'funding', 'the budget', 'the allocation'].map((what) => `${part} of ${what}`)),
  // Paid for by stopping something: "funded by disinvesting from lower value activity".
  'disinvest', 'disinvesting', 'disinvestment', 'disinvested',
  // What they already hold: "from their existing capital allocations", "with their current resources".
  'from their existing', 'from its existing', 'from our existing', 'within their existing', 'within its existing', 'within our existing',
  ...['with', 'from', 'using', 'within'].flatMap((prep) => ['current resources', 'their current resources', 'our current resources', 'its current resources'].map((what) => `${prep} ${what}`)),
  'current establishment', 'within establishment',
  // Pressures left to the system: "cost pressures will need to be managed locally".
  'managed locally', 'absorbed locally', 'manage cost pressures', 'managing cost pressures', 'absorb cost pressures',
  // Resources to be found by the body asked to deliver: "Councils will need to find the resources".
  'find the resources', 'find the resource', 'find the money', 'find the funding', 'finding the resources',
  'cut to fund', 'cuts to fund', 'shift money', 'shifting money', 'move money', 'moving money', 'shift of money',
  // No money at all, however it is put (more in EXISTING_RESOURCE_OPENINGS): "resource-neutral".
  'not create additional cost pressures', 'not create cost pressures', 'not create any additional cost pressures', 'without creating additional cost pressures',
  'resource-neutral', 'resource neutral', 'financially neutral', 'cost-neutral basis',
  // Money already given out: "using funding already allocated to systems".
  'funding already allocated', 'money already allocated', 'resources already allocated', 'already allocated', 'funding already available',
  // Without new money, in other words: "at nil additional cost",
  // "does not attract additional funding", "a virement from an underspending budget".
  'nil additional cost', 'nil cost', 'nil additional', 'at nil cost',
  ...['not attract', 'not attract any', 'not receive', 'not receive any'].flatMap((neg) => ['additional', 'extra', 'new', 'further', 'separate'].flatMap((more) => ['funding', 'money', 'payment', 'resources'].map((what) => `${neg} ${more} ${what}`))),
  'no further income', 'virement', 'virements', 'vire',
  ...['new', 'additional', 'extra'].flatMap((what) => [`rather than on ${what} funding`, `rather than from ${what} income`, `rather than from ${what} funding`]),
  'from the cost improvement programme', 'through the cost improvement programme', 'from our cost improvement programme',
  // Freed or moved, as nouns and with their objects: "the release of resources from acute settings", "recycled into".
  'release of resources', 'release of funding', 'release of money', 'release the resources', 'releasing the resources', 'release the funding',
  'release the money', 'recycled into', 'recycling into', 'redeploying staff', 'redeploy staff', 'redeployment of staff',
  'make use of existing', 'making use of existing', 'use of existing buildings',
  // Money already there, or sold off: "the money we already spend", "disposing of surplus land to fund".
  'money we already spend', 'money we already have', 'money already spent', 'what we already spend',
  'disposing of surplus', 'disposal of surplus', 'sale of surplus', 'selling surplus', 'sell surplus',
  'come from the budgets of', 'come from within', 'come from existing', 'comes from existing', 'comes from within',
  // Budgets that will not grow: "Budgets will be held flat in cash terms".
  'funding already in place', 'resources already in place', 'money already in place', 'savings to fund', 'savings will fund',
  'savings to pay for', 'savings will pay for', 'with the resources they have', 'within the resources they have',
  'with the resources it has', 'within the resources it has', 'with the resources available', 'with the resources that are available',
  'flat cash', 'held flat', 'flat in cash terms', 'flat in real terms', 'frozen budgets', 'budgets will be frozen',
  'rather than through a separate funding', 'rather than a separate funding', 'rather than through separate funding',
  // No new money asked for: "with no call on additional funding", "so it does not need new money".
  ...['no call on', 'without any call on', 'without a call on'].flatMap((neg) => ['additional', 'new', 'extra', 'further'].map((more) => `${neg} ${more}`)),
  // Teams made from the staff who are there: "staffed from existing community teams", "align existing staff, budgets and estate".
  ...['staffed', 'formed', 'drawn', 'built', 'resourced', 'created'].map((verb) => `${verb} from existing`),
  'align existing', 'aligning existing', 'alignment of existing', 'by redeployment', 'through redeployment', 'filled by redeployment',
  // Contracts held flat, inflation absorbed: "at the same contract value while the provider absorbs inflation".
  'within the existing contract value', 'within the contract value', 'within existing contract values', 'at the same contract value',
  'for the same contract value', 'absorbs inflation', 'absorb inflation', 'absorbing inflation', 'absorbs the cost',
  'absorbing the cost', 'absorb cost', 'absorbs cost',
  // Money moved from one budget line to another: "paid for by top-slicing 0.5% of each acute allocation".
  'top-slicing', 'top-slice', 'top-sliced', 'top slicing', 'top slice', 'top sliced',
  // No separate money: "instead it is included in baseline allocations".
  'included in baseline allocations', 'included in baseline allocation', 'included in baseline budgets', 'in baseline allocations',
  'into baseline allocations', 'into baseline allocation', 'part of baseline allocations',
  // Savings pay; money already spent is pooled: "managed through savings", "money that partners already spend".
  'managed through savings', 'managed through efficiencies', 'delivered through savings', 'already spend',
  'cash-releasing efficiency', 'cash-releasing efficiencies', 'within the same budget', 'within the same allocation', 'within the same envelope',
  // A contract renewed for the same money; savings from what exists; cost improvement required.
  'at the same value', 'for the same value', 'released from existing', 'released from the existing',
  'within current staffing', 'within existing staffing', 'within current staffing levels', 'within existing staffing levels',
];

/**
 * Existing-resources phrases whose continuations are too many to list: each opening counts only
 * when its pattern follows it (a sticky RegExp tried at the opening's end; see PhraseTrie), and
 * the phrase then runs to the end of what the pattern read.
 */
export const EXISTING_RESOURCE_OPENINGS: ReadonlyArray<readonly [readonly string[], RegExp]> = [
  // The best use of money, not of anything ("make best use of workforce numbers", "... of digital initiatives").
  [['make best use of', 'making best use of', 'make the best use of', 'making the best use of', 'most effective use of', 'more effective use of', 'most efficient use of'],
    /\s+(?:(?:the|our|their|its|all|available|existing|current|public|limited)\s+){0,2}(?:resources?|funding|funds|money|budgets?|allocations?|community assets|assets|estate|capital|spend|spending|investment|Leeds Pound|every pound|taxpayers)\b/iy],
  // Paid for by savings or by moving money: "funded by releasing savings", "offset by savings elsewhere".
  [['funded', 'paid for', 'met', 'covered', 'offset', 'financed', 'resourced', 'released', 'staffed'].flatMap((verb) => ['by', 'through', 'from'].map((prep) => `${verb} ${prep}`)),
    /\s+(?:(?:the|a)\s+)?(?:savings|releasing|reducing|reductions?|cutting|cuts|shifting|moving|redirecting|realigning|realignment|reallocating|reallocation|redeploying|redeployment|seconding|converting|disposing|decommissioning|stopping|efficienc(?:y|ies)|productivity|lower|reduced)\b/iy],
  // Productivity and cost improvement required instead of money: "Every ICB must deliver a minimum 2%
  // improvement in productivity", "Providers must deliver a cost improvement of at least 2%".
  [['must deliver', 'must achieve', 'should deliver', 'will need to deliver', 'need to deliver', 'expected to deliver', 'required to deliver', 'must make', 'must find'],
    /\s+(?:(?:a|an|the|their|its|our)\s+)?(?:(?:minimum|minimum of|further|recurrent|annual)\s+)?(?:(?:at least\s+)?\d+(?:\.\d+)?\s?(?:%|per cent)\s+)?(?:(?:recurrent|annual|cash-releasing)\s+)?(?:cost improvements?|efficienc(?:y|ies)|productivity|improvements? in productivity|savings)\b/iy],
  // Productivity paying for what is promised: "Productivity gains, not new taxes, will pay for ...".
  [['productivity gains', 'productivity improvements', 'efficiencies', 'efficiency gains'],
    /(?:\s*,[^,.;:!?\n]{1,40},)?\s+(?:will|would|must|should|can)\s+(?:pay for|fund|finance|cover)\b/iy],
  // Efficiency required as a target: "a system efficiency target of 4.5%".
  // (Not alone: "The Trust's efficiency requirement for 2026/27 is £9.8m" reports one.)
  [['efficiency target', 'efficiency requirement', 'cost improvement target', 'cost improvement requirement', 'savings target', 'savings requirement'],
    /\s+(?:of|is|will be)\s+(?:at least\s+|around\s+)?(?:£|\d)/iy],
  // An overspend left to the body that makes it: "Any overspend will have to be found by the Trust".
  [['overspend', 'overspends', 'any overspend'],
    /(?:\s+(?:on|in|against|for)\s+[^.;:!?\n]{1,40}?)?\s+(?:will|would|must|should)\s+(?:have to\s+|need to\s+)?be\s+(?:found|met|managed|absorbed|covered)\s+(?:by|from|within)\b/iy],
  // No money promised: "Practices should not expect further investment".
  [['not expect', 'not to expect', 'no expectation of'],
    /\s+(?:any\s+)?(?:further|separate|specific|dedicated|new|additional|extra|more)\s+(?:funding|money|investment|resources?|uplift)\b/iy],
  // No money at all, however it is put: "without further investment", "no separate funding".
  [['without', 'without any', 'not any', 'nor any', 'not need', 'not require', 'not needing', 'not requiring', 'not providing', 'not provide', 'not be providing', 'not allocate', 'not allocating'],
    /\s+(?:any\s+)?(?:(?:further|separate|specific|dedicated|new|additional|extra)\s+)?(?:funding|money|investment|resources?|uplift|cost pressures)\b/iy],
  // (A bare "no funding" is too often something else: "no funding sentences", "no funding was found for".)
  [['no'], /\s+(?:any\s+)?(?:further|separate|specific|dedicated|new|additional|extra|deficit(?:\s+support)?)\s+(?:[a-z-]+\s+)?(?:funding|money|investment|resources?|uplift|cost pressures|budgets?|costs?|payments?)\b/iy],
  // Productivity, not money: "through improving productivity rather than additional staffing spend".
  [['rather than'], /\s+(?:additional|extra|new|more)\s+(?:[a-z-]+\s+)?(?:funding|money|resources|investment|spending|spend)\b/iy],
  // Nothing grows: "with no increase in funded posts", "without any increase in the overall establishment".
  [['no increase in', 'without an increase in', 'without any increase in', 'no growth in'],
    /\s+(?:(?:the|its|our|their)\s+)?(?:[\w'’-]+\s+){0,2}?(?:posts|establishment|headcount|staffing|budgets?|costs?|spending|spend|funding|allocations?|contract values?)\b/iy],
  // A budget left as it is: "with no change to the prescribing budget" (not "no change to the way costs are recorded").
  [['no change to the', 'no change to its', 'no change to their'],
    /\s+(?:[\w'’-]+\s+){0,2}?(?:budgets?|allocations?|contract values?|establishment)\b/iy],
  // "In the absence of new national funding".
  [['absence of'], /\s+(?:(?:new|additional|extra|further|significant|dedicated)\s+){0,2}(?:(?:national|central|government|recurrent)\s+)?(?:funding|money|investment|resources)\b/iy],
];

/** A named source, fund or payment mechanism: a sentence naming one is a supported claim. */
export const FUNDING_SOURCE_PHRASES: readonly string[] = [
  'Service Development Fund', 'SDF', 'transformation fund', 'capital fund', 'GP contract', 'GMS contract',
  'PMS contract', 'APMS contract', 'network contract', 'national tariff', 'payment by results', 'block contract',
  'aligned payment and incentive', 'capitation', 'global sum', 'QOF', 'Quality and Outcomes Framework',
  'Investment and Impact Fund', 'IIF', 'ring-fenced', 'centrally funded', 'central funding', 'Better Care Fund',
  'BCF', 'Service Development Funding', 'Additional Roles Reimbursement Scheme', 'disabled facilities grant',
  'grants programme', 'grants scheme', 'grant funding', 'capital allocation', 'capital allocations', 'CQUIN',
  'contract value', 'payment mechanism', 'payment mechanisms', 'funding mechanism', 'funding mechanisms',
  'funding model', 'payment model', 'payment models', 'ringfenced', 'ring fence',
  // Money that recurs or not ("recurrent funding"); "recurrent savings" are savings, not a source.
  ...['recurrent', 'non-recurrent'].flatMap((kind) => ['funding', 'monies', 'money', 'investment', 'allocation', 'allocations', 'budget', 'income', 'resources', 'resource'].map((what) => `${kind} ${what}`)),
  'recurrently funded', 'non-recurrently funded', 'per head', 'per patient', 'per capita', 'weighted population', 'allocation formula',
  'funding formula', 'baseline allocation', 'baseline funding', 'section 75', 'section 256', 'section 76', 's256', 's75', 'pooled budget', 'delegated budget',
  'system development funding', 'mental health investment standard', 'elective recovery fund', 'ICB allocation',
  'core allocation', 'funding envelope', 'through the contract', 'contract funding',
  'reimbursement', 'reimbursed', 'tariff', 'levy', 'grant', 'precept', 'public health grant', 'funding allocations',
  'funding allocation', 'capitated', 'capitated basis', 'capitation basis',
  // Paid for by the partners named, in shares: "hosted by the ICB and funded equally by the two organisations".
  'funded equally by', 'funded jointly by', 'jointly funded by', 'equally funded by', 'co-funded by',
];

/**
 * Budgets, allocations and envelopes: not claims by themselves, but a sentence naming one may say
 * the money comes from what exists ("within the current financial envelope"; funding.ts reads it).
 */
export const ENVELOPE_WORDS: readonly string[] = ['budget', 'allocation', 'envelope', 'settlement', 'baseline', 'cash limit', 'reimbursable sum', 'establishment', 'resources'];

/** Phrases that look like funding language but are not ("invest time", "fund of knowledge"). */
export const NOT_FUNDING_PHRASES: readonly string[] = [
  'invest time', 'invest the time', 'investing time', 'investing the time', 'invested time', 'invest effort',
  'invest energy', 'investing energy', 'fund of knowledge', 'spending time', 'spending the time', 'spend time',
  'spending over', 'spending more than', 'spending more time', 'spending less time', 'spending too much time', 'spending longer',
  'spend longer', 'spent more time', 'spent less time', 'spending less than', 'spend less time', 'spend more time',
  // Organisations and titles whose names hold money words.
  "king's fund", 'kings fund', 'charitable funds', 'charitable fund', 'finance and resources', 'finance & resources',
  'chief financial officer', 'director of finance', 'finance director', 'value for money',
  'finance and investment', 'finance & investment', 'investment committee', 'investment and finance',
  'investment and performance committee', 'performance and investment committee', 'investment and performance',
  'investment, performance', 'resources and performance committee', 'funding regime', 'details of the funding',
  'funding and payment section', 'see the funding', 'funding section',
  // Fundraising and household money: "our charity raised money", "money worries".
  'raised money', 'raise money', 'raising money', 'raised funds', 'raise funds', 'raising funds', 'fundraising',
  'fund-raising', 'fund raising', 'money worries', 'money advice', 'money problems', 'money management',
  // Annual reports: the Code of Governance's provisions quoted in the compliance table, and staff welfare.
  'sufficient resources to undertake', 'pension consequences and associated costs', 'pension consequences',
  'access to financial support', 'range of financial support', 'financial wellbeing', 'cost of living support',
  // Savings claimed, not money promised: "helps to provide better care and saves money".
  'saves money', 'save money', 'saving money', 'saved money', 'investment time',
  // Annual accounts: statements and note headings.
  'financing activities', 'investing activities', 'operating activities', 'cash flows', 'cash flow', 'monies on deposit', 'monies held on deposit', 'money held on deposit', 'funds held on deposit', 'cash held on deposit',
  'public dividend capital', 'investment revaluation', 'investment property', 'investment properties',
  'finance income', 'finance costs', 'finance expense', 'finance lease', 'finance leases', 'financing cash flows',
  'time value of money', 'investment decisions', 'investment policy', 'investment issues', 'nhs-funded', 'nhs funded',
  'publicly funded', 'public funds', 'public money', 'use of public money',
  // The Government's budget-setting rounds, named: "as part of phase 2 of the Spending Review".
  'spending review', 'spending reviews', 'spending round',
  // Controls and benchmarks of spending, not money promised.
  'areas of spending', 'area of spending', 'non-essential spending', 'discretionary spending', 'spending controls', 'spending does not exceed',
  'spend does not exceed', 'spending patterns', 'spending pattern',
  // A table's "Value for / Money Assessment" cut across lines; committees' remits; the Code of Governance on pay.
  'money assessment', 'monitors investments', 'monitor investments', 'monitoring investments', 'approach to investing in',
  // Oversight segments, not money: "cannot be allocated to a segment higher than 3".
  'allocated to a segment', 'allocated to segment', 'allocated to segments', 'allocated to the segment',
  // Money on top of what exists is new money, not existing resources: "in addition to existing allocations".
  'in addition to existing', 'on top of existing', 'over and above existing', 'as well as existing', 'alongside existing',
  // "Resources" that are documents, not money.
  'complement existing resources', 'complements existing resources', 'complementing existing resources',
  'existing resources such as', 'resources such as guidance', 'online resources', 'learning resources',
  'further resources are available', 'resources are available on', 'resources available on',
  'resources and guidance', 'futurenhs', 'future nhs platform',
  // Time, people and places allocated, not money.
  ...['time', 'hours', 'sessions', 'patients', 'staff', 'beds', 'places', 'points', 'cases', 'referrals', 'slots', 'appointments'].map((what) => `${what} allocated to`),
  'educational resources', 'training resources', 'resources for patients', 'resources for staff', 'a new resource',
  // Investment managed, sources described, funding argued for: "an external fund manager", "The main source
  // of funding for the Trust is ...", "continue to press for fair funding"; accounts' unfunded pensions.
  'fund manager', 'fund managers', 'investment manager', 'investment managers', 'main source of funding', 'principal source of funding',
  'main source of income', 'fair funding', 'fairer funding', 'unfunded pension', 'unfunded pensions', 'employers to invest',
  'businesses to invest', 'investors to invest', 'charity funds', 'charity fund', 'bidding round', 'bidding rounds',
  'spending against', 'spend against', 'no budget of its own', 'spending limit', 'spending limits', 'spending cap',
  // NHS-funded nursing care (a benefit, not a claim); the accounts' going-concern statement.
  'funded nursing care', 'going concern',
];
