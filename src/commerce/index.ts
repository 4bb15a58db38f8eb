export { createCheckoutChoiceRetention, type CheckoutChoiceRetention } from './checkout-choice-retention.js';
export { createLoyaltyConsumer } from './loyalty-consumer.js';
export { quoteHold, type Quote, type QuoteFailureCode, type QuoteResult } from './quote.js';
export { priceOrder, type Priced, type PricingInput, type PricingResult } from './pricing.js';
