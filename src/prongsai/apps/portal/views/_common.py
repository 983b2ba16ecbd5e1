"""What the portal's public and staff pages share."""

PAGE_SIZE = 20  # rows per page of the paginated lists (news, questions)
