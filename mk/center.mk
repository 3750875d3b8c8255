# Call centre engine (issue 12): its suites load the default prompt set.
$(BUILD)/tests/integration/center_calls: $(PROMPT_STAMP)
$(BUILD)/tests/integration/center_day: $(PROMPT_STAMP)
