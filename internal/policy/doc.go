// Package policy reads IAM policy documents and decides requests with them
// the way AWS does. A request names a principal, an action, a resource and
// the condition keys it carries; identity-based policies (a role's inline
// and managed policies) and a resource-based policy (a function's policy, a
// role's trust policy) each may allow or deny it. An explicit deny anywhere
// wins; otherwise, within one account, an allow from either kind suffices,
// while a request that crosses accounts needs both. Nothing allowed is
// denied by default.
//
// Matching follows IAM: actions ignore case and take * and ? wildcards;
// resources are ARNs compared segment by segment with wildcards, the last
// segment across colons and slashes; conditions use IAM's operators
// (String*, Numeric*, Date*, Bool, Binary, IpAddress, Arn*, Null) with the
// ...IfExists suffix and the ForAnyValue / ForAllValues set prefixes; and
// policy variables (${aws:userid}, ${aws:PrincipalTag/team}, with defaults)
// are replaced in resources and condition values of version 2012-10-17
// documents.
package policy
