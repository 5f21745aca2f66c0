// Package logctx carries log attributes in a context. What a request is (its
// id, the service and the operation it calls) is said once, where the
// request comes in, and every record logged with that context carries it,
// whichever component logs it.
package logctx

import (
	"context"
	"log/slog"
	"slices"
)

type key struct{}

// With returns a copy of ctx that carries args, key-value pairs or
// slog.Attrs as slog.Logger.With takes them, besides the attributes ctx
// carries already; a key given again replaces the earlier value.
func With(ctx context.Context, args ...any) context.Context {
	added := slog.Group("", args...).Value.Group()
	kept := slices.DeleteFunc(slices.Clone(attrs(ctx)), func(a slog.Attr) bool {
		return slices.ContainsFunc(added, func(b slog.Attr) bool { return b.Key == a.Key })
	})
	return context.WithValue(ctx, key{}, append(kept, added...))
}

// attrs are the attributes ctx carries.
func attrs(ctx context.Context) []slog.Attr {
	if ctx == nil {
		return nil
	}
	a, _ := ctx.Value(key{}).([]slog.Attr)
	return a
}
