"""The municipal office's side (the hub): agreement of schools' roadmaps, the roll-up of indicators, the base of
effective programmes, information letters, and what goes back to each school with its next exchange."""
