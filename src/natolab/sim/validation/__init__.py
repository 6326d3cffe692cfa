"""Out-of-sample validation of the simulation models: backtests, scores, and the model card.

``natolab validate`` regenerates ``docs/validation.md`` from these modules; the test suite runs a
small version and fails below the floors the card states (:data:`spending.FLOORS`).
"""
