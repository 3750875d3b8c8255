# Recording (issue 14): the engine's recording suite loads the prompt set.
$(BUILD)/tests/integration/center_rec: $(PROMPT_STAMP)
