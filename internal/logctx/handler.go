package logctx

import (
	"context"
	"log/slog"
	"slices"
)

// Handler stamps every record logged with a context that With filled with
// that context's attributes, at the top level of the record even when the
// logger has opened groups, and hands it to the handler it wraps. Records
// logged without such a context pass through unchanged.
type Handler struct {
	// base is the wrapped handler with the attributes given before the
	// first group; inner is base with every later step applied.
	base, inner slog.Handler
	steps       []func(slog.Handler) slog.Handler
}

// NewHandler wraps h.
func NewHandler(h slog.Handler) *Handler {
	return &Handler{base: h, inner: h}
}

// Enabled reports whether the wrapped handler handles records at level.
func (h *Handler) Enabled(ctx context.Context, level slog.Level) bool {
	return h.inner.Enabled(ctx, level)
}

// Handle adds ctx's attributes to r and hands it on.
func (h *Handler) Handle(ctx context.Context, r slog.Record) error {
	stamps := attrs(ctx)
	if len(stamps) == 0 {
		return h.inner.Handle(ctx, r)
	}
	if len(h.steps) == 0 {
		r = r.Clone()
		r.AddAttrs(stamps...)
		return h.inner.Handle(ctx, r)
	}
	inner := h.base.WithAttrs(stamps)
	for _, step := range h.steps {
		inner = step(inner)
	}
	return inner.Handle(ctx, r)
}

// WithAttrs returns a handler whose records carry as.
func (h *Handler) WithAttrs(as []slog.Attr) slog.Handler {
	if len(as) == 0 {
		return h
	}
	if len(h.steps) == 0 {
		return NewHandler(h.inner.WithAttrs(as))
	}
	return h.then(func(x slog.Handler) slog.Handler { return x.WithAttrs(as) })
}

// WithGroup returns a handler that puts the attributes that follow in the
// group name; the context's attributes stay at the top level.
func (h *Handler) WithGroup(name string) slog.Handler {
	if name == "" {
		return h
	}
	return h.then(func(x slog.Handler) slog.Handler { return x.WithGroup(name) })
}

// then is h with one more step after its first group.
func (h *Handler) then(step func(slog.Handler) slog.Handler) *Handler {
	return &Handler{base: h.base, inner: step(h.inner), steps: append(slices.Clip(h.steps), step)}
}
