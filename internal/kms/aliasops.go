package kms

type aliasInput struct {
	AliasName   string
	TargetKeyId string
}

func (s *Server) createAlias(c *call, in aliasInput) (any, error) {
	return struct{}{}, s.keys.CreateAlias(c.R.Context(), c.Account(), in.AliasName, in.TargetKeyId, s.now())
}

func (s *Server) deleteAlias(c *call, in aliasInput) (any, error) {
	return struct{}{}, s.keys.DeleteAlias(c.R.Context(), c.Account(), in.AliasName)
}

type listAliasesInput struct {
	listInput
	KeyId string
}

func (s *Server) listAliases(c *call, in listAliasesInput) (any, error) {
	aliases, err := s.keys.Aliases(c.R.Context(), c.Account(), in.KeyId)
	if err != nil {
		return nil, err
	}
	page, err := pageOf(aliases, func(a Alias) string { return a.AliasName }, in.listInput)
	return listOutput{Aliases: page.Items, NextMarker: page.Next, Truncated: page.Next != ""}, err
}
