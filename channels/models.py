# Intake per channel arrives with the channels issue; the channel catalogue (Kanaal) lives in
# contacts because every contact moment refers to it and apps depend in one direction.
