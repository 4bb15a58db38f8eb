export { createHashRing, DEFAULT_VNODES, type HashRing, type RingMember } from './hash-ring.js';
export { createMembership, type MemberInfo, type Membership, type MembershipOptions } from './membership.js';
export { placementOf, singleNode, type Placement } from './placement.js';
