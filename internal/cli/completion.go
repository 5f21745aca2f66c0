package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// runCompletion prints a shell completion script for bash or zsh.
func runCompletion(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) != 1 {
		return errors.New("usage: virga completion bash|zsh")
	}
	words, sources := strings.Join(commandNames(), " "), strings.Join(sampleSources(), " ")
	switch args[0] {
	case "bash":
		fmt.Fprintf(stdout, bashCompletion, words, sources)
	case "zsh":
		fmt.Fprintf(stdout, "autoload -U +X bashcompinit && bashcompinit\n"+bashCompletion, words, sources)
	default:
		return fmt.Errorf("no completion for %q: want bash or zsh", args[0])
	}
	return nil
}

// bashCompletion completes subcommands, the sources of `events
// generate`, the shells of `completion`, else file names.
const bashCompletion = `# virga completion; load with: source <(virga completion bash)
_virga() {
  local cur=${COMP_WORDS[COMP_CWORD]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "%s" -- "$cur"))
  elif [ "${COMP_WORDS[1]}" = events ]; then
    if [ "$COMP_CWORD" -eq 2 ]; then COMPREPLY=($(compgen -W "generate" -- "$cur"));
    else COMPREPLY=($(compgen -W "%s" -- "$cur")); fi
  elif [ "${COMP_WORDS[1]}" = completion ]; then
    COMPREPLY=($(compgen -W "bash zsh" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -F _virga virga
`

func commandNames() []string {
	names := []string{"help"}
	for name := range commands() {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}
