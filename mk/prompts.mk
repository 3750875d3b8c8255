# cti-dtmf reads and writes audio files through libsndfile directly.
$(BUILD)/bin/cti-dtmf: LDFLAGS += -lsndfile

# The default prompt set (Mandarin and English), rendered by espeak-ng from
# prompts/*.txt at build time into $(BUILD)/prompts/<lang>/<name>.wav.
PROMPT_STAMP := $(BUILD)/prompts/.stamp
.PHONY: prompts
prompts: $(PROMPT_STAMP)
$(PROMPT_STAMP): scripts/gen-prompts.sh $(wildcard prompts/*.txt) | $(BUILD_DEPS)
	scripts/gen-prompts.sh $(BUILD)/prompts
	touch $@
all: prompts
# the ivr suite loads the generated set
$(BUILD)/tests/unit/ivr: $(PROMPT_STAMP)
